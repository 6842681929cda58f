// Negative case: the wrapping rule: '%' on integers (BH1203).
import { i32 } from '../../../transpiler/runtime/index.ts';

export function parity(x: i32): i32 {
  return i32(/*^*/x % 2); // expect: BH1203
}
