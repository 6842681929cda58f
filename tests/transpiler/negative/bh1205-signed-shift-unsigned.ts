// Negative case: the wrapping rule: '>>' on an unsigned value (BH1205).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function half(x: u32): u32 {
  return /*^*/x >> 1; // expect: BH1205
}
