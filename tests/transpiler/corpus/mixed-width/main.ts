// Corpus program: operands of different widths and equal signedness (the result takes the wider type),
// implicit value-preserving widening in assignments, arguments and returns (u8 -> u16 -> u32,
// i8 -> i16 -> i32, u8 -> i16), and explicit narrowing conversions of wide results.
import { i8, i16, i32, u8, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32 } from '../../support/print.ts';

const BYTE_VALUES: readonly u8[] = [0, 1, 0x7f, 0x80, 0xff] as const;
const HALF_VALUES: readonly u16[] = [0, 0xff, 0x100, 0x8000, 0xffff] as const;
const SIGNED_BYTES: readonly i8[] = [-128, -1, 0, 1, 127] as const;
const SIGNED_HALVES: readonly i16[] = [-32768, -129, 128, 32767] as const;

function widenToU32(value: u16): u32 {
  return value;
}

function widenSigned(value: i8): i32 {
  return value;
}

function byteToSigned(value: u8): i16 {
  return value;
}

export function main(): void {
  for (const a of BYTE_VALUES) {
    for (const h of HALF_VALUES) {
      printU32('u8_plus_u16', u16(a + h));
      printU32('u8_plus_u16_wide', u32(a + h));
      printU32('u8_or_u16', a | h);
      printU32('u8_and_u16', a & h);
      printU32('u8_xor_u16', h ^ a);
      printU32('u16_times_u8', u32(h * a));
      printU32('cmp', a < h ? 1 : 0);
    }
    const wide: u16 = a;
    printU32('widen_u8', widenToU32(wide));
    printI32('u8_to_i16', byteToSigned(a));
  }
  for (const s of SIGNED_BYTES) {
    for (const t of SIGNED_HALVES) {
      printI32('i8_plus_i16', i16(s + t));
      printI32('i8_plus_i16_wide', i32(s + t));
      printI32('i8_and_i16', s & t);
      printI32('i16_times_i8', i32(t * s));
      printI32('narrow_to_i8', i8(s - t));
    }
    printI32('widen_i8', widenSigned(s));
    let accumulator: i32 = 1000;
    accumulator = i32(accumulator + s);
    printI32('accumulate', accumulator);
  }
  const fromWord: u32 = 0x12345678;
  printU32('narrow_u8', u8(fromWord));
  printU32('narrow_u16', u16(fromWord));
  printI32('narrow_i8', i8(fromWord));
  printI32('narrow_i16', i16(fromWord));
}
