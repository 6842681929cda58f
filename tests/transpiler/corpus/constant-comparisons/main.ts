// Corpus program: comparisons whose result is constant for the operand types: an unsigned value compared
// with 0, values compared with the limits of their type, and an expression compared with itself. They
// are valid subset code (defensive checks in drivers look like this); the generated C must still compile
// with -Wall -Wextra -Werror (gcc: -Wtype-limits, -Wtautological-compare).
import { i8, i32, u8, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printBool } from '../../support/print.ts';

const WORDS: readonly u32[] = [0, 1, 0xffffffff] as const;
const BYTES: readonly u8[] = [0, 255] as const;
const SIGNED_BYTES: readonly i8[] = [-128, 127] as const;
const HALVES: readonly u16[] = [0, 65535] as const;
const INTS: readonly i32[] = [-2147483648, 0, 2147483647] as const;

export function main(): void {
  for (const w of WORDS) {
    printBool('u32_ge_0', w >= 0);
    printBool('u32_lt_0', w < 0);
    printBool('u32_le_max', w <= 0xffffffff);
    printBool('self_eq', w === w);
  }
  for (const b of BYTES) {
    printBool('u8_le_255', b <= 255);
    printBool('u8_gt_255', b > 255);
  }
  for (const s of SIGNED_BYTES) {
    printBool('i8_ge_min', s >= -128);
    printBool('i8_lt_min', s < -128);
  }
  for (const h of HALVES) {
    printBool('u16_ge_0', h >= 0);
    printBool('u16_self_lt', h < h);
  }
  for (const n of INTS) {
    printBool('i32_ge_min', n >= -2147483648);
    printBool('i32_self_ne', n !== n);
    printBool('wrapped_self', i32(n + 1) > i32(n + 1));
  }
}
