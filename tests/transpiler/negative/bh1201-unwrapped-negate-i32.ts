// Negative case: the wrapping rule: unary '-' on i32 (-(-2^31) is 2^31 in JavaScript) (BH1201).
import { i32 } from '../../../transpiler/runtime/index.ts';

export function negate(x: i32): i32 {
  return /*^*/-x; // expect: BH1201
}
