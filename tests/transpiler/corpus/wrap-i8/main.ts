// Corpus program: every operator on i8 operands at the type's boundary values (addition, subtraction,
// multiplication, bitwise, complement, negation, division, remainder, comparisons, compound assignment),
// wrapped back to i8 and also converted to a wider type so that the unwrapped JavaScript value shows.
import { div, i32, i8, rem, u32, u8 } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32 } from '../../support/print.ts';

const VALUES: readonly i8[] = [-128, -127, -1, 0, 1, 126, 127] as const;

export function main(): void {
  for (let i: u32 = 0; i < VALUES.length; i++) {
    const a = VALUES[i];
    printI32('a', a);
    printI32('neg', i8(-a));
    printI32('neg_wide', i32(-a));
    printI32('not', ~a);
    for (let j: u32 = 0; j < VALUES.length; j++) {
      const b = VALUES[j];
      printI32('add', i8(a + b));
      printI32('sub', i8(a - b));
      printI32('add_wide', i32(a + b));
      printI32('sub_wide', i32(a - b));
      printI32('mul', i8(a * b));
      printI32('mul_wide', i32(a * b));
      printI32('and', a & b);
      printI32('or', a | b);
      printI32('xor', a ^ b);
      printI32('div', i8(div(a, b)));
      printI32('div_wide', i32(div(a, b)));
      printI32('rem', rem(a, b));
      let flags: u8 = 0;
      if (a < b) {
        flags |= 1;
      }
      if (a <= b) {
        flags |= 2;
      }
      if (a > b) {
        flags |= 4;
      }
      if (a >= b) {
        flags |= 8;
      }
      if (a === b) {
        flags |= 16;
      }
      if (a !== b) {
        flags |= 32;
      }
      printU32('cmp', flags);
      let acc: i8 = a;
      acc ^= b;
      printI32('xor_assign', acc);
      acc &= a;
      printI32('and_assign', acc);
      acc |= b;
      printI32('or_assign', acc);
      acc = i8(acc + b);
      printI32('acc_add', acc);
    }
  }
}
