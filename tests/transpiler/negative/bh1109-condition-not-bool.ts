// Negative case: truthiness: an integer used as a condition (BH1109).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function nonZero(count: u32): u32 {
  if (/*^*/count) { // expect: BH1109
    return 1;
  }
  return 0;
}
