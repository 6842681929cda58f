// Negative case: the wrapping rule: an unwrapped sum stored in an unannotated local (BH1201).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function sum(a: u32, b: u32): u32 {
  const total = /*^*/a + b; // expect: BH1201
  return u32(total);
}
