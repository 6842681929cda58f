// Corpus program: function-local fixed-size arrays as ECU code uses them: a stack buffer assembled and
// passed to a function (a CAN frame payload), a local constant table (CRC-4 nibble table), a scratch
// array re-created on every call and in every loop iteration (JavaScript creates it anew: it starts from
// its initializer each time), float and boolean locals, and a checked index into a local array that
// fails on the last call.
import { checkIndex, f32, u16, u32, u8 } from '../../../../transpiler/runtime/index.ts';
import { printF32, printU32 } from '../../support/print.ts';

function checksum(payload: Uint8Array): u8 {
  let sum: u32 = 0;
  for (const b of payload) sum = u32(sum + b);
  return u8(sum ^ 0xff);
}

function crc4(data: Uint8Array): u8 {
  const NIBBLE_TABLE: readonly u8[] = [
    0x0, 0x3, 0x6, 0x5, 0xc, 0xf, 0xa, 0x9, 0xb, 0x8, 0xd, 0xe, 0x7, 0x4, 0x1, 0x2,
  ] as const;
  let crc: u8 = 0;
  for (const b of data) {
    crc = NIBBLE_TABLE[(crc ^ (b >>> 4)) & 0xf];
    crc = NIBBLE_TABLE[(crc ^ (b & 0xf)) & 0xf];
  }
  return crc;
}

function encodeFrame(speed: u16, gear: u8): u8 {
  const frame = new Uint8Array(8);
  frame[0] = u8(speed >>> 8);
  frame[1] = u8(speed);
  frame[2] = gear;
  frame[7] = checksum(frame);
  printU32('crc4', crc4(frame));
  return frame[7];
}

function counters(rounds: u32): u32 {
  let total: u32 = 0;
  for (let r: u32 = 0; r < rounds; r++) {
    const scratch: u16[] = [1, 2, 3, 4];
    scratch[r & 3] = u16(scratch[r & 3] + 100);
    for (const v of scratch) total = u32(total + v);
  }
  return total;
}

function weights(k: u32): f32 {
  const W: readonly f32[] = [0.5, 0.25, 0.125, 0.125] as const;
  const seen: boolean[] = [false, false, false, false];
  seen[k & 3] = true;
  let acc: f32 = 0;
  for (let i: u32 = 0; i < 4; i++) if (seen[i]) acc = f32(acc + W[i]);
  return acc;
}

function pick(k: u32): u8 {
  const lookup: readonly u8[] = [10, 20, 30] as const;
  return lookup[checkIndex(k, lookup.length)];
}

export function main(): void {
  for (let s: u32 = 0; s < 3; s++) printU32('frame', encodeFrame(u16(s * 1000 + 7), u8(s)));
  printU32('counters', counters(6));
  printU32('counters_again', counters(6));
  for (let k: u32 = 0; k < 5; k++) printF32('weights', weights(k));
  for (let k: u32 = 0; k < 4; k++) printU32('pick', pick(k));
}
