// Negative case: the wrapping rule: '>>>' on a signed value (BH1204).
import { i32, u32 } from '../../../transpiler/runtime/index.ts';

export function logical(x: i32): u32 {
  return u32(/*^*/x >>> 1); // expect: BH1204
}
