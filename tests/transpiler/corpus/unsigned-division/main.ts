// Corpus program: unsigned division and remainder (u8, u16, u32) at the top of each range, by zero (q = 0,
// r = dividend), and a decimal digit extraction loop that relies on div/rem of u32.
import { div, rem, u8, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printU32 } from '../../support/print.ts';

const U32_VALUES: readonly u32[] = [0, 1, 2, 3, 10, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff] as const;
const U16_VALUES: readonly u16[] = [0, 1, 7, 255, 0x8000, 0xffff] as const;
const U8_VALUES: readonly u8[] = [0, 1, 3, 16, 128, 255] as const;

function digitSum(value: u32): u32 {
  let remaining = value;
  let sum: u32 = 0;
  while (remaining !== 0) {
    sum = u32(sum + rem(remaining, 10));
    remaining = div(remaining, 10);
  }
  return sum;
}

export function main(): void {
  for (const a of U32_VALUES) {
    for (const b of U32_VALUES) {
      printU32('q', div(a, b));
      printU32('r', rem(a, b));
    }
    printU32('digits', digitSum(a));
  }
  for (const a of U16_VALUES) {
    for (const b of U16_VALUES) {
      printU32('q16', div(a, b));
      printU32('r16', rem(a, b));
    }
  }
  for (const a of U8_VALUES) {
    for (const b of U8_VALUES) {
      printU32('q8', div(a, b));
      printU32('r8', rem(a, b));
    }
  }
  printU32('by_zero_lit', div(U32_VALUES[8], 0));
  printU32('rem_zero_lit', rem(U32_VALUES[8], 0));
}
