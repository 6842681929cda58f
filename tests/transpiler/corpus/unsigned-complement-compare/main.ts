// Corpus program: complements of u8/u16 values (`x ^ 0xffff`, `x ^ 0xff`, `u16(~x)`) compared with
// constants and with other values, as in checks of inverted register fields. The results are in range
// (wrapped), and the generated C must compile under -Wall -Wextra -Werror (gcc -Wsign-compare warns
// about comparing a promoted complement of an unsigned value).
import { bool, u8, u16 } from '../../../../transpiler/runtime/index.ts';
import { printBool, printU32 } from '../../support/print.ts';

const HALVES: readonly u16[] = [0, 1, 0x7fff, 0xfffe, 0xffff] as const;
const BYTES: readonly u8[] = [0, 0x0f, 0xff] as const;

function invertedFieldSet(field: u16): bool {
  return (field ^ 0xffff) > 1;
}

export function main(): void {
  for (const h of HALVES) {
    printBool('inverted_gt_1', invertedFieldSet(h));
    printBool('inverted_lt_other', (h ^ 0xffff) < h);
    printU32('inverted', h ^ 0xffff);
    printBool('complement_eq', u16(~h) === (h ^ 0xffff));
  }
  for (const b of BYTES) {
    printBool('byte_inverted_ge_0x80', (b ^ 0xff) >= 0x80);
    printBool('byte_inverted_ne', (b ^ 0xff) !== 0x0f);
  }
}
