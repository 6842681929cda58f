// Negative case: a function declared inside a function (BH1410).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function outer(): u32 {
  /*^*/function inner(): u32 { // expect: BH1410
    return 1;
  }
  return inner();
}
