// Negative case: the wrapping rule: f32 arithmetic not rounded with f32() (BH1208).
import { f32 } from '../../../transpiler/runtime/index.ts';

export function sum(a: f32, b: f32): f32 {
  return /*^*/a + b; // expect: BH1208
}
