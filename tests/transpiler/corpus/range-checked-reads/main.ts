// Corpus program: reads proven by a checkRange statement and the byte-order loads. A frame parser checks
// each field's window once (`checkRange(at, n, frame.length)`) and then reads bytes at `at + k` and
// 16/32-bit big- and little-endian values without a check of its own; a tail copy is covered by a
// window whose length is a variable bounding the loop; a fixed-length array is read by loads proven by
// its length alone; a module variable only ever assigned checked values indexes a table directly.
// Windows that do not fit take the other branch of a length test, so every read stays in range.
import {
  checkRange,
  loadU16BE,
  loadU16LE,
  loadU32BE,
  loadU32LE,
  u32,
  u8,
} from '../../../../transpiler/runtime/index.ts';
import { printHex, printU32 } from '../../support/print.ts';

const header = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04]);
const frame = new Uint8Array(40);
const copy = new Uint8Array(16);
const LIMITS: readonly u32[] = [10, 20, 30, 40] as const;

/** Index into LIMITS: assigned only 0 and checked values. */
let limitIndex: u32 = 0;

function selectLimit(index: u32): void {
  if (index < LIMITS.length) {
    limitIndex = index;
  }
}

/** Sum of the bytes of the 8-byte record at `at`, plus its fields read both ways. */
function record(data: Uint8Array, at: u32): u32 {
  checkRange(at, 8, data.length);
  let sum: u32 = 0;
  for (let k: u32 = 0; k < 8; k++) {
    sum = u32(sum + data[u32(at + k)]);
  }
  const field = u32(at + 2);
  printHex('be16', loadU16BE(data, at));
  printHex('le16', loadU16LE(data, field));
  printHex('be32', loadU32BE(data, u32(at + 4)));
  printHex('le32', loadU32LE(data, field));
  return sum;
}

/** Copies the `count` bytes at `at` (at most 16) into `copy` and returns their xor. */
function tail(data: Uint8Array, at: u32, count: u32): u32 {
  const n = count & 15;
  checkRange(at, n, data.length);
  let x: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    copy[i] = data[u32(at + i)];
    x = u32(x ^ copy[i]);
  }
  return x;
}

export function main(): void {
  for (let i: u32 = 0; i < frame.length; i++) {
    frame[i] = u8(u32(i * 37 + 11));
  }
  printHex('header be32', loadU32BE(header, 0));
  printHex('header le32', loadU32LE(header, 4));
  printHex('header be16', loadU16BE(header, 6));
  for (let at: u32 = 0; at < 40; at = u32(at + 7)) {
    if (u32(at + 8) <= frame.length) {
      printU32('record', record(frame, at));
    } else {
      printU32('short', at);
    }
  }
  for (let count: u32 = 0; count < 20; count = u32(count + 3)) {
    printU32('tail', tail(frame, u32(count + 2), count));
  }
  for (let i: u32 = 0; i < 6; i++) {
    selectLimit(i);
    printU32('limit', LIMITS[limitIndex]);
  }
}
