// Corpus program: shifts on signed types (u8/u16/u32 or i8/i16/i32) with counts 0, 1, 7, 8, 15, 16, 31,
// 32, 33, 63, 255 and 1000 from a table, negative counts, and constant counts in and out of 0..31: counts
// are taken modulo 32 on both sides, results wrapped to the operand type and to 32 bits.
import { i8, i16, i32, u32 } from '../../../../transpiler/runtime/index.ts';
import { printHex, printI32 } from '../../support/print.ts';

const COUNTS: readonly u32[] = [0, 1, 7, 8, 15, 16, 31, 32, 33, 63, 255, 1000] as const;
const NEGATIVE_COUNTS: readonly i32[] = [-1, -31, -32, -33] as const;
const I8_VALUES: readonly i8[] = [-128, -1, 1, 0x55] as const;
const I16_VALUES: readonly i16[] = [-32768, -3, 0x4001, 0x7fff] as const;
const I32_VALUES: readonly i32[] = [-2147483648, -5, 1, 0x7fffffff, 0x12345678] as const;

export function main(): void {
  for (const a of I8_VALUES) {
    printI32('i8_shl_lit0', i8(a << 0));
    printI32('i8_shl_lit1', i8(a << 1));
    printI32('i8_shl_lit31', i8(a << 31));
    printI32('i8_shl_lit32', i8(a << 32));
    printI32('i8_shl_lit33', i8(a << 33));
    printI32('i8_sar_lit0', a >> 0);
    printI32('i8_sar_lit7', a >> 7);
    printI32('i8_sar_lit31', a >> 31);
    printI32('i8_sar_lit32', a >> 32);
    printI32('i8_sar_lit33', a >> 33);
    printI32('i8_sar_lit40', a >> 40);
    for (let k: u32 = 0; k < COUNTS.length; k++) {
      const n = COUNTS[k];
      const m = NEGATIVE_COUNTS[k & 3];
      printI32('i8_shl', i8(a << n));
      printI32('i8_shl_wide', i32(a << n));
      printI32('i8_sar', a >> n);
      printHex('i8_shr_as_u32', u32(a) >>> n);
      printI32('i8_shl_neg_count', i8(a << m));
      printI32('i8_sar_neg_count', a >> m);
    }
  }
  for (const a of I16_VALUES) {
    printI32('i16_shl_lit0', i16(a << 0));
    printI32('i16_shl_lit1', i16(a << 1));
    printI32('i16_shl_lit31', i16(a << 31));
    printI32('i16_shl_lit32', i16(a << 32));
    printI32('i16_shl_lit33', i16(a << 33));
    printI32('i16_sar_lit0', a >> 0);
    printI32('i16_sar_lit7', a >> 7);
    printI32('i16_sar_lit31', a >> 31);
    printI32('i16_sar_lit32', a >> 32);
    printI32('i16_sar_lit33', a >> 33);
    printI32('i16_sar_lit40', a >> 40);
    for (let k: u32 = 0; k < COUNTS.length; k++) {
      const n = COUNTS[k];
      const m = NEGATIVE_COUNTS[k & 3];
      printI32('i16_shl', i16(a << n));
      printI32('i16_shl_wide', i32(a << n));
      printI32('i16_sar', a >> n);
      printHex('i16_shr_as_u32', u32(a) >>> n);
      printI32('i16_shl_neg_count', i16(a << m));
      printI32('i16_sar_neg_count', a >> m);
    }
  }
  for (const a of I32_VALUES) {
    printI32('i32_shl_lit0', a << 0);
    printI32('i32_shl_lit1', a << 1);
    printI32('i32_shl_lit31', a << 31);
    printI32('i32_shl_lit32', a << 32);
    printI32('i32_shl_lit33', a << 33);
    printI32('i32_sar_lit0', a >> 0);
    printI32('i32_sar_lit7', a >> 7);
    printI32('i32_sar_lit31', a >> 31);
    printI32('i32_sar_lit32', a >> 32);
    printI32('i32_sar_lit33', a >> 33);
    printI32('i32_sar_lit40', a >> 40);
    for (let k: u32 = 0; k < COUNTS.length; k++) {
      const n = COUNTS[k];
      const m = NEGATIVE_COUNTS[k & 3];
      printI32('i32_shl', a << n);
      printI32('i32_shl_wide', i32(a << n));
      printI32('i32_sar', a >> n);
      printHex('i32_shr_as_u32', u32(a) >>> n);
      printI32('i32_shl_neg_count', a << m);
      printI32('i32_sar_neg_count', a >> m);
    }
  }
}
