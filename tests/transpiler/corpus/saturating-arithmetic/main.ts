// Corpus program: saturating add/sub/mul for u8, i16 and u32 written with wider intermediates and
// explicit comparisons (the usual DSP clamp idiom), over the boundary values of each type.
import { i16, i32, mul, u8, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32 } from '../../support/print.ts';

const BYTES: readonly u8[] = [0, 1, 100, 128, 200, 255] as const;
const SHORTS: readonly i16[] = [-32768, -20000, -1, 0, 1, 20000, 32767] as const;
const WORDS: readonly u32[] = [0, 1, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff] as const;

function addSatU8(a: u8, b: u8): u8 {
  const sum = u32(a + b);
  return sum > 255 ? 255 : u8(sum);
}

function subSatU8(a: u8, b: u8): u8 {
  return a < b ? 0 : u8(a - b);
}

function clampI16(value: i32): i16 {
  if (value > 32767) {
    return 32767;
  }
  if (value < -32768) {
    return -32768;
  }
  return i16(value);
}

function addSatU32(a: u32, b: u32): u32 {
  const sum = u32(a + b);
  return sum < a ? 0xffffffff : sum;
}

function mulSatI16(a: i16, b: i16): i16 {
  return clampI16(mul(i32(a), i32(b)) >> 8);
}

export function main(): void {
  for (const a of BYTES) {
    for (const b of BYTES) {
      printU32('add_u8', addSatU8(a, b));
      printU32('sub_u8', subSatU8(a, b));
    }
  }
  for (const a of SHORTS) {
    for (const b of SHORTS) {
      printI32('add_i16', clampI16(i32(a + b)));
      printI32('sub_i16', clampI16(i32(a - b)));
      printI32('mul_q8', mulSatI16(a, b));
    }
  }
  for (const a of WORDS) {
    for (const b of WORDS) {
      printU32('add_u32', addSatU32(a, b));
    }
  }
}
