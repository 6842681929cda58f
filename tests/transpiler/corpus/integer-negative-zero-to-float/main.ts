// Corpus program: integer expressions converted straight to float where JavaScript can produce a
// negative zero: `-n` and `n * m` with a zero result (-0 in JavaScript, +0 for C integers). Converted to
// an integer first (`i32(-n)`), the value is canonical on both sides; converted straight to f64/f32 the
// two sides must still agree on the sign of the zero (or the construct must be rejected).
import { f32, f64, i8, i16, i32 } from '../../../../transpiler/runtime/index.ts';
import { printF32, printF64 } from '../../support/print.ts';

const SMALL: readonly i8[] = [0, -3, 5] as const;
const MEDIUM: readonly i16[] = [-7, 0] as const;

export function main(): void {
  for (const s of SMALL) {
    printF64('canonical_neg', f64(i32(-i32(s))));
    printF64('neg_widened', f64(-i32(s)));
    printF32('neg_widened_f32', f32(-i32(s)));
    for (const m of MEDIUM) {
      printF64('product', f64(i32(s) * i32(m)));
    }
  }
}
