// Negative case: labelled statements (BH1006).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function scan(limit: u32): u32 {
  let found: u32 = 0;
  /*^*/outer: for (let i: u32 = 0; i < limit; i++) { // expect: BH1006
    found = i;
    break outer;
  }
  return found;
}
