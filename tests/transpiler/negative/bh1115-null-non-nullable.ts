// Negative case: 'null' compared with an integer (BH1115).
import { bool, u32 } from '../../../transpiler/runtime/index.ts';

export function missing(count: u32): bool {
  return count === /*^*/null; // expect: BH1115
}
