// Negative case: a non-empty case falling through to the next (BH1016).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function classify(mode: u32): u32 {
  let result: u32 = 0;
  switch (mode) {
    /*^*/case 1: // expect: BH1016
      result = 10;
    case 2:
      result = 20;
      break;
  }
  return result;
}
