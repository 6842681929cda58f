// Negative case: the wrapping rule: an unwrapped sum compared (JavaScript compares 2^32 + 1, C compares 1) (BH1201).
import { bool, u32 } from '../../../transpiler/runtime/index.ts';

export function exceeds(a: u32, b: u32, limit: u32): bool {
  return /*^*/a + b > limit; // expect: BH1201
}
