// Negative case: an integer negation converted straight to float can be -0 in JavaScript, which no C
// integer represents; it must be converted to an integer first, f64(i32(-n)) (BH1201).
import { f64, i32 } from '../../../transpiler/runtime/index.ts';

export function negated(n: i32): f64 {
  return f64(/*^*/-n); // expect: BH1201
}
