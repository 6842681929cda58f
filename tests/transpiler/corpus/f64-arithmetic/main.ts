// Corpus program: double-precision arithmetic and the allowed Math members (sqrt, abs): Newton iterations,
// a Horner polynomial, non-finite results (infinity, NaN, negative zero) and comparisons with NaN.
import { bool, checkIndex, f64, u32 } from '../../../../transpiler/runtime/index.ts';
import { printBool, printF64 } from '../../support/print.ts';

const COEFFICIENTS: readonly f64[] = [1.0, -0.5, 0.041666666666666664, -0.001388888888888889] as const;

function cosineSeries(x: f64): f64 {
  const x2 = x * x;
  let result: f64 = 0;
  for (let k: u32 = COEFFICIENTS.length; k > 0; k--) {
    result = result * x2 + COEFFICIENTS[checkIndex(u32(k - 1), COEFFICIENTS.length)];
  }
  return result;
}

function newtonSqrt(value: f64): f64 {
  let guess: f64 = value > 1 ? value / 2 : 1;
  for (let i: u32 = 0; i < 30; i++) {
    guess = (guess + value / guess) / 2;
  }
  return guess;
}

function isNan(x: f64): bool {
  return x !== x;
}

export function main(): void {
  printF64('cos_half', cosineSeries(0.5));
  printF64('cos_one', cosineSeries(1));
  printF64('newton2', newtonSqrt(2));
  printF64('sqrt2', Math.sqrt(2));
  printF64('sqrt_big', Math.sqrt(1e300));
  printF64('abs_neg', Math.abs(-3.25));
  const zero: f64 = 0;
  const inf = 1 / zero;
  printF64('inf', inf);
  printF64('neg_inf', -1 / zero);
  const nan = zero / zero;
  printBool('nan_is_nan', isNan(nan));
  printBool('nan_lt', nan < 1);
  printBool('nan_eq', nan === nan);
  printF64('neg_zero', -zero);
  printF64('neg_zero_plus', -zero + 0);
  printF64('sqrt_neg_zero', Math.sqrt(-zero));
  printF64('tiny', 5e-324);
  printF64('tiny_half', 5e-324 / 2);
  printF64('max', 1.7976931348623157e308 * 2);
  printF64('point_one_sum', 0.1 + 0.2);
}
