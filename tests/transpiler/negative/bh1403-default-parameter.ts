// Negative case: a default parameter value (BH1403).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function step(/*^*/delta: u32 = 1): u32 { // expect: BH1403
  return delta;
}
