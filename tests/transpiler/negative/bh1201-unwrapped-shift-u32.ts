// Negative case: the wrapping rule: '<<' on u32 gives a signed JavaScript result (BH1201).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function times8(x: u32): u32 {
  return /*^*/x << 3; // expect: BH1201
}
