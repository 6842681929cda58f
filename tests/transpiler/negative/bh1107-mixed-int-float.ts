// Negative case: mixing integer and float operands (BH1107).
import { bool, f64, u32 } from '../../../transpiler/runtime/index.ts';

export function above(count: u32, limit: f64): bool {
  return /*^*/count > limit; // expect: BH1107
}
