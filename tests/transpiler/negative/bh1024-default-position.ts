// Negative case: 'default' before another case clause (BH1024).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function select(mode: u32): u32 {
  let result: u32 = 0;
  switch (mode) {
    /*^*/default: // expect: BH1024
      result = 0;
      break;
    case 1:
      result = 1;
      break;
  }
  return result;
}
