// Corpus program: the sign of zero results in f64/f32 arithmetic (0 - x, x * 0, -x, abs of a value that
// underflows to zero in single precision), printed as IEEE-754 bits: JavaScript and C follow the same
// rules (0 - +0 = +0, -(+0) = -0), and the generated C must not let the C compiler fold `0 - abs(x)`
// into `-abs(x)`, which differs for +0.
import { f32, f64 } from '../../../../transpiler/runtime/index.ts';
import { printF32, printF64 } from '../../support/print.ts';

/** Magnitudes that are zero, subnormal, tiny enough to round to 0 in f32, and ordinary. */
const VALUES: readonly f64[] = [0, 1.4667667656167698e-158, 5e-324, -1e-300, 0.5, -2.5] as const;

export function main(): void {
  for (const x of VALUES) {
    printF64('zero_minus', 0 - x);
    printF64('negate', -x);
    printF64('times_zero', x * 0);
    printF64('times_minus_zero', x * -0.0);
    printF64('zero_minus_abs', 0 - Math.abs(x));
    printF32('f32_zero_minus_abs', f32(0 - f32(Math.abs(x))));
    printF32('f32_zero_minus', f32(0 - f32(x)));
    printF32('f32_negate', f32(-f32(x)));
  }
}
