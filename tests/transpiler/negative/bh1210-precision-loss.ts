// Negative case: a sum of products that can exceed 2^53 in JavaScript, where doubles lose precision (BH1210).
import { u16, u32 } from '../../../transpiler/runtime/index.ts';

export function mix(a: u16, b: u16, c: u16): u32 {
  return u32(/*^*/a * b * c * 32 + a * b * c); // expect: BH1210
}
