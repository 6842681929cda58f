// Corpus program: Adler-32 (RFC 1950) with the modulo-65521 reductions through rem, checked against the
// well-known value Adler-32("Wikipedia") = 0x11E60398 and the value for a long run of 0xFF bytes, which
// exercises the deferred reduction (NMAX blocks) against a per-byte reduction.
import { checkIndex, rem, u8, u32 } from '../../../../transpiler/runtime/index.ts';
import { printHex } from '../../support/print.ts';

const MODULUS: u32 = 65521;
/** Bytes that can be summed before the 32-bit sums may overflow (zlib's NMAX). */
const BLOCK_LIMIT: u32 = 5552;
/** ASCII "Wikipedia". */
const WIKIPEDIA: readonly u8[] = [0x57, 0x69, 0x6b, 0x69, 0x70, 0x65, 0x64, 0x69, 0x61] as const;
const ones = new Uint8Array(12000);

function adlerBlocked(data: Uint8Array, length: u32): u32 {
  let a: u32 = 1;
  let b: u32 = 0;
  let index: u32 = 0;
  while (index < length) {
    let block: u32 = u32(length - index);
    if (block > BLOCK_LIMIT) {
      block = BLOCK_LIMIT;
    }
    for (let k: u32 = 0; k < block; k++) {
      a = u32(a + data[checkIndex(index, data.length)]);
      b = u32(b + a);
      index = u32(index + 1);
    }
    a = rem(a, MODULUS);
    b = rem(b, MODULUS);
  }
  return u32(u32(b << 16) | a);
}

function adlerSimple(data: readonly u8[], length: u32): u32 {
  let a: u32 = 1;
  let b: u32 = 0;
  for (let i: u32 = 0; i < length; i++) {
    a = rem(u32(a + data[checkIndex(i, data.length)]), MODULUS);
    b = rem(u32(b + a), MODULUS);
  }
  return u32(u32(b << 16) | a);
}

export function main(): void {
  printHex('wikipedia', adlerSimple(WIKIPEDIA, WIKIPEDIA.length));
  for (let i: u32 = 0; i < ones.length; i++) {
    ones[i] = 0xff;
  }
  printHex('ff_12000', adlerBlocked(ones, ones.length));
  printHex('ff_1', adlerBlocked(ones, 1));
}
