// Negative case: mixing signed and unsigned operands (BH1106).
import { i32, u32 } from '../../../transpiler/runtime/index.ts';

export function offset(base: u32, delta: i32): u32 {
  return u32(/*^*/base + delta); // expect: BH1106
}
