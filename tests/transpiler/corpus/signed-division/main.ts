// Corpus program: signed division and remainder through the div/rem intrinsics: INT32_MIN / -1,
// division and remainder by zero, every sign combination (truncation toward zero, remainder takes the
// dividend's sign), i8/i16 quotients that leave the type (-128 / -1), and the identity a = q*b + r.
import { bool, div, i8, i16, i32, mul, rem } from '../../../../transpiler/runtime/index.ts';
import { printBool, printI32 } from '../../support/print.ts';

const DIVIDENDS: readonly i32[] = [-2147483648, -2147483647, -7, -6, -1, 0, 1, 6, 7, 2147483647] as const;
const DIVISORS: readonly i32[] = [-2147483648, -3, -2, -1, 0, 1, 2, 3, 2147483647] as const;
const SMALL: readonly i8[] = [-128, -127, -7, -1, 0, 1, 7, 127] as const;
const MEDIUM: readonly i16[] = [-32768, -300, -1, 0, 1, 300, 32767] as const;

export function main(): void {
  let identityHolds: bool = true;
  for (const a of DIVIDENDS) {
    for (const b of DIVISORS) {
      const q = div(a, b);
      const r = rem(a, b);
      printI32('q', q);
      printI32('r', r);
      if (i32(mul(q, b) + r) !== a) {
        identityHolds = false;
        printI32('identity_fails_a', a);
        printI32('identity_fails_b', b);
      }
    }
  }
  printBool('identity', identityHolds);
  for (const a of SMALL) {
    for (const b of SMALL) {
      printI32('q8', i8(div(a, b)));
      printI32('q8_wide', i32(div(a, b)));
      printI32('r8', rem(a, b));
    }
  }
  for (const a of MEDIUM) {
    for (const b of MEDIUM) {
      printI32('q16', i16(div(a, b)));
      printI32('q16_wide', i32(div(a, b)));
      printI32('r16', rem(a, b));
    }
  }
  printI32('lit_min_div', div(DIVIDENDS[0], -1));
  printI32('lit_rem_zero', rem(-5, DIVISORS[4]));
  printI32('lit_div_zero', div(DIVIDENDS[0], 0));
}
