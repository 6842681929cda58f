// Corpus program: shifts on unsigned types (u8/u16/u32 or i8/i16/i32) with counts 0, 1, 7, 8, 15, 16, 31,
// 32, 33, 63, 255 and 1000 from a table, negative counts, and constant counts in and out of 0..31: counts
// are taken modulo 32 on both sides, results wrapped to the operand type and to 32 bits.
import { i32, u8, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printHex } from '../../support/print.ts';

const COUNTS: readonly u32[] = [0, 1, 7, 8, 15, 16, 31, 32, 33, 63, 255, 1000] as const;
const NEGATIVE_COUNTS: readonly i32[] = [-1, -31, -32, -33] as const;
const U8_VALUES: readonly u8[] = [0, 1, 0x81, 0xff] as const;
const U16_VALUES: readonly u16[] = [1, 0x8001, 0xffff] as const;
const U32_VALUES: readonly u32[] = [1, 0x80000001, 0xffffffff, 0x12345678] as const;

export function main(): void {
  for (const a of U8_VALUES) {
    printHex('u8_shl_lit0', u32(u8(a << 0)));
    printHex('u8_shl_lit1', u32(u8(a << 1)));
    printHex('u8_shl_lit31', u32(u8(a << 31)));
    printHex('u8_shl_lit32', u32(u8(a << 32)));
    printHex('u8_shl_lit33', u32(u8(a << 33)));
    printHex('u8_shr_lit0', u32(a >>> 0));
    printHex('u8_shr_lit7', u32(a >>> 7));
    printHex('u8_shr_lit31', u32(a >>> 31));
    printHex('u8_shr_lit32', u32(a >>> 32));
    printHex('u8_shr_lit33', u32(a >>> 33));
    printHex('u8_shr_lit40', u32(a >>> 40));
    for (let k: u32 = 0; k < COUNTS.length; k++) {
      const n = COUNTS[k];
      const m = NEGATIVE_COUNTS[k & 3];
      printHex('u8_shl', u32(u8(a << n)));
      printHex('u8_shl_wide', u32(a << n));
      printHex('u8_shr', u32(a >>> n));
      printHex('u8_shl_neg_count', u32(u8(a << m)));
      printHex('u8_shr_neg_count', u32(a >>> m));
    }
  }
  for (const a of U16_VALUES) {
    printHex('u16_shl_lit0', u32(u16(a << 0)));
    printHex('u16_shl_lit1', u32(u16(a << 1)));
    printHex('u16_shl_lit31', u32(u16(a << 31)));
    printHex('u16_shl_lit32', u32(u16(a << 32)));
    printHex('u16_shl_lit33', u32(u16(a << 33)));
    printHex('u16_shr_lit0', u32(a >>> 0));
    printHex('u16_shr_lit7', u32(a >>> 7));
    printHex('u16_shr_lit31', u32(a >>> 31));
    printHex('u16_shr_lit32', u32(a >>> 32));
    printHex('u16_shr_lit33', u32(a >>> 33));
    printHex('u16_shr_lit40', u32(a >>> 40));
    for (let k: u32 = 0; k < COUNTS.length; k++) {
      const n = COUNTS[k];
      const m = NEGATIVE_COUNTS[k & 3];
      printHex('u16_shl', u32(u16(a << n)));
      printHex('u16_shl_wide', u32(a << n));
      printHex('u16_shr', u32(a >>> n));
      printHex('u16_shl_neg_count', u32(u16(a << m)));
      printHex('u16_shr_neg_count', u32(a >>> m));
    }
  }
  for (const a of U32_VALUES) {
    printHex('u32_shl_lit0', u32(u32(a << 0)));
    printHex('u32_shl_lit1', u32(u32(a << 1)));
    printHex('u32_shl_lit31', u32(u32(a << 31)));
    printHex('u32_shl_lit32', u32(u32(a << 32)));
    printHex('u32_shl_lit33', u32(u32(a << 33)));
    printHex('u32_shr_lit0', u32(a >>> 0));
    printHex('u32_shr_lit7', u32(a >>> 7));
    printHex('u32_shr_lit31', u32(a >>> 31));
    printHex('u32_shr_lit32', u32(a >>> 32));
    printHex('u32_shr_lit33', u32(a >>> 33));
    printHex('u32_shr_lit40', u32(a >>> 40));
    for (let k: u32 = 0; k < COUNTS.length; k++) {
      const n = COUNTS[k];
      const m = NEGATIVE_COUNTS[k & 3];
      printHex('u32_shl', u32(u32(a << n)));
      printHex('u32_shl_wide', u32(a << n));
      printHex('u32_shr', u32(a >>> n));
      printHex('u32_shl_neg_count', u32(u32(a << m)));
      printHex('u32_shr_neg_count', u32(a >>> m));
    }
  }
}
