// Negative case: a case label that is not a constant (BH1017).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function matches(value: u32, wanted: u32): u32 {
  switch (value) {
    case /*^*/wanted: // expect: BH1017
      return 1;
    default:
      return 0;
  }
}
