// Negative case: a bitwise operator on a float operand (BH1113).
import { f64, i32 } from '../../../transpiler/runtime/index.ts';

export function bits(x: f64): i32 {
  return i32(/*^*/x | 0); // expect: BH1113
}
