// Negative case: the wrapping rule: '~' on u32 gives a negative JavaScript number (BH1201).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function invert(x: u32): u32 {
  return /*^*/~x; // expect: BH1201
}
