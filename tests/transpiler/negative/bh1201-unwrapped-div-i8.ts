// Negative case: the wrapping rule: div() on i8 (-128 / -1 is 128) (BH1201).
import { div, i8 } from '../../../transpiler/runtime/index.ts';

export function quotient(a: i8, b: i8): i8 {
  return /*^*/div(a, b); // expect: BH1201
}
