// Corpus program: integer negation and products with a zero result converted to float. JavaScript gives
// -0 for `-0` and `0 * -7`, C integers have no -0, so the subset requires the integer conversion first
// (`f64(i32(-n))`; the bare form is rejected, tests/transpiler/negative/bh1201-negative-zero-to-float.ts):
// then both sides print +0.
import { f32, f64, i8, i16, i32 } from '../../../../transpiler/runtime/index.ts';
import { printF32, printF64 } from '../../support/print.ts';

const SMALL: readonly i8[] = [0, -3, 5] as const;
const MEDIUM: readonly i16[] = [-7, 0] as const;

export function main(): void {
  for (const s of SMALL) {
    printF64('canonical_neg', f64(i32(-i32(s))));
    printF32('canonical_neg_f32', f32(i32(-i32(s))));
    for (const m of MEDIUM) {
      printF64('product', f64(i32(i32(s) * i32(m))));
    }
  }
}
