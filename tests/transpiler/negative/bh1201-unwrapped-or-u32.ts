// Negative case: the wrapping rule: '|' on u32 gives a signed JS result (BH1201).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function merge(a: u32, b: u32): u32 {
  return /*^*/a | b; // expect: BH1201
}
