// Negative case: the wrapping rule: an unwrapped u32 sum returned (BH1201).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function sum(a: u32, b: u32): u32 {
  return /*^*/a + b; // expect: BH1201
}
