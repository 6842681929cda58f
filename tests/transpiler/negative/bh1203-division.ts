// Negative case: the wrapping rule: '/' on integers (BH1203).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function half(x: u32): u32 {
  return u32(/*^*/x / 2); // expect: BH1203
}
