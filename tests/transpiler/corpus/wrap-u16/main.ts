// Corpus program: every operator on u16 operands at the type's boundary values (addition, subtraction,
// multiplication, bitwise, complement, negation, division, remainder, comparisons, compound assignment),
// wrapped back to u16 and also converted to a wider type so that the unwrapped JavaScript value shows.
import { div, rem, u16, u32, u8 } from '../../../../transpiler/runtime/index.ts';
import { printHex, printU32 } from '../../support/print.ts';

const VALUES: readonly u16[] = [0, 1, 0xff, 0x7fff, 0x8000, 0xfffe, 0xffff] as const;

export function main(): void {
  for (let i: u32 = 0; i < VALUES.length; i++) {
    const a = VALUES[i];
    printU32('a', a);
    printU32('neg', u16(0 - a));
    printU32('not', u16(~a));
    printHex('not_wide', u32(~a));
    for (let j: u32 = 0; j < VALUES.length; j++) {
      const b = VALUES[j];
      printU32('add', u16(a + b));
      printU32('sub', u16(a - b));
      printU32('add_wide', u32(a + b));
      printU32('sub_wide', u32(a - b));
      printU32('mul', u16(a * b));
      printU32('mul_wide', u32(a * b));
      printU32('and', a & b);
      printU32('or', a | b);
      printU32('xor', a ^ b);
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
      let acc: u16 = a;
      acc ^= b;
      printU32('xor_assign', acc);
      acc &= a;
      printU32('and_assign', acc);
      acc |= b;
      printU32('or_assign', acc);
      acc = u16(acc + b);
      printU32('acc_add', acc);
    }
  }
}
