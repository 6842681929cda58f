// Negative case: loose equality '==' (BH1010).
import { bool, u32 } from '../../../transpiler/runtime/index.ts';

export function same(a: u32, b: u32): bool {
  return a /*^*/== b; // expect: BH1010
}
