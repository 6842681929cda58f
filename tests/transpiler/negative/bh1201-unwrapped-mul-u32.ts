// Negative case: the wrapping rule: mul() on u32 operands is signed like Math.imul (BH1201).
import { mul, u32 } from '../../../transpiler/runtime/index.ts';

export function product(a: u32, b: u32): u32 {
  return /*^*/mul(a, b); // expect: BH1201
}
