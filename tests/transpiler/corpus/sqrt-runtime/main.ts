// Corpus program: Math.sqrt and Math.abs of values known only at run time (from a table), including
// negative numbers (NaN), negative zero, subnormals and huge values. The generated C must be
// self-contained: the freestanding target has no libm, so it may not call `sqrt` (this host build links
// no libm either).
import { f64, i32, u32 } from '../../../../transpiler/runtime/index.ts';
import { printF64, printI32 } from '../../support/print.ts';

const INPUTS: readonly f64[] = [0, 1, 2, 0.25, 1e-310, 1e300, -4, -1e-300, 1.7976931348623157e308] as const;

function hypotenuse(a: f64, b: f64): f64 {
  return Math.sqrt(a * a + b * b);
}

export function main(): void {
  for (const x of INPUTS) {
    printF64('sqrt', Math.sqrt(x));
    printF64('abs', Math.abs(x));
    printF64('abs_neg', Math.abs(-x));
    printF64('sqrt_neg_zero', Math.sqrt(-(x * 0)));
  }
  for (let i: u32 = 1; i < 6; i++) {
    printF64('hyp', hypotenuse(f64(i), f64(i32(i) - 7)));
    printI32('floor_sqrt', i32(Math.sqrt(f64(u32(i << 20)))));
  }
}
