// Negative case: the wrapping rule: '*' on 32-bit operands loses precision (BH1202).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function area(w: u32, h: u32): u32 {
  return u32(/*^*/w * h); // expect: BH1202
}
