// Corpus program: bitwise operators on i8/i16/i32 with negative constant operands (`x | -1`, `-128 | x`,
// `x & -256`, `x ^ -1`): the results stay in range (wrapped) and the generated C must compile without
// constant-conversion warnings (gcc -Woverflow) under -Werror.
import { i8, i16, i32 } from '../../../../transpiler/runtime/index.ts';
import { printI32 } from '../../support/print.ts';

const SMALL: readonly i8[] = [-128, -1, 0, 5, 127] as const;
const MEDIUM: readonly i16[] = [-32768, -300, 0, 300, 32767] as const;
const LARGE: readonly i32[] = [-2147483648, -70000, 0, 70000, 2147483647] as const;

export function main(): void {
  for (const a of SMALL) {
    printI32('i8_or_m1', -1 | a);
    printI32('i8_or_min', a | -128);
    printI32('i8_and_m16', a & -16);
    printI32('i8_xor_m1', a ^ -1);
    printI32('i8_conv_or', i8(a | -2));
  }
  for (const b of MEDIUM) {
    printI32('i16_or_m1', b | -1);
    printI32('i16_or_min', -32768 | b);
    printI32('i16_and_m256', b & -256);
    printI32('i16_xor_m1', b ^ -1);
  }
  for (const c of LARGE) {
    printI32('i32_or_m1', c | -1);
    printI32('i32_and_m65536', c & -65536);
    printI32('i32_xor_min', c ^ -2147483648);
    printI32('i32_of_i16', i32(i16(c) | -4));
  }
}
