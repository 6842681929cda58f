// Corpus program: every operator on i32 operands at the type's boundary values (addition, subtraction,
// multiplication, bitwise, complement, negation, division, remainder, comparisons, compound assignment),
// wrapped back to i32 and also converted to a wider type so that the unwrapped JavaScript value shows.
import { div, i32, i8, mul, rem, u16, u32, u8 } from '../../../../transpiler/runtime/index.ts';
import { printHex, printI32, printU32 } from '../../support/print.ts';

const VALUES: readonly i32[] = [-2147483648, -2147483647, -65536, -1, 0, 1, 2147483647] as const;

export function main(): void {
  for (let i: u32 = 0; i < VALUES.length; i++) {
    const a = VALUES[i];
    printI32('a', a);
    printI32('neg', i32(-a));
    printI32('neg_u8', i32(i8(-a)));
    printI32('not', ~a);
    for (let j: u32 = 0; j < VALUES.length; j++) {
      const b = VALUES[j];
      printI32('add', i32(a + b));
      printI32('sub', i32(a - b));
      printHex('add_u16', u32(u16(a + b)));
      printI32('sub_i8', i32(i8(a - b)));
      printI32('mul', mul(a, b));
      printI32('and', a & b);
      printI32('or', a | b);
      printI32('xor', a ^ b);
      printI32('div', div(a, b));
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
      let acc: i32 = a;
      acc ^= b;
      printI32('xor_assign', acc);
      acc &= a;
      printI32('and_assign', acc);
      acc |= b;
      printI32('or_assign', acc);
      acc = i32(acc + b);
      printI32('acc_add', acc);
    }
  }
}
