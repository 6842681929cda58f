// Negative case: the wrapping rule: unary '-' on an unsigned value (BH1206).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function negate(x: u32): u32 {
  return u32(/*^*/-x); // expect: BH1206
}
