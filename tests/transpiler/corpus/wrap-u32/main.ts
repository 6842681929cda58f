// Corpus program: every operator on u32 operands at the type's boundary values (addition, subtraction,
// multiplication, bitwise, complement, negation, division, remainder, comparisons, compound assignment),
// wrapped back to u32 and also converted to a wider type so that the unwrapped JavaScript value shows.
import { div, i8, mul, rem, u16, u32, u8 } from '../../../../transpiler/runtime/index.ts';
import { printHex, printU32 } from '../../support/print.ts';

const VALUES: readonly u32[] = [0, 1, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff] as const;

export function main(): void {
  for (let i: u32 = 0; i < VALUES.length; i++) {
    const a = VALUES[i];
    printU32('a', a);
    printU32('neg', u32(0 - a));
    printU32('not', u32(~a));
    printHex('not_wide', u32(~a));
    for (let j: u32 = 0; j < VALUES.length; j++) {
      const b = VALUES[j];
      printU32('add', u32(a + b));
      printU32('sub', u32(a - b));
      printHex('add_u16', u32(u16(a + b)));
      printU32('sub_i8', u32(i8(a - b)));
      printU32('mul', u32(mul(a, b)));
      printU32('and', u32(a & b));
      printU32('or', u32(a | b));
      printU32('xor', u32(a ^ b));
      printU32('and_lit', a & 0x7ffffff0);
      printU32('div', div(a, b));
      printU32('rem', rem(a, b));
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
      let acc: u32 = a;
      acc = u32(acc ^ b);
      printU32('xor_assign', acc);
      acc = u32(acc + b);
      printU32('acc_add', acc);
    }
  }
}
