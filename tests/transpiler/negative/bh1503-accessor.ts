// Negative case: getters (BH1503).
import { u32 } from '../../../transpiler/runtime/index.ts';

export class Counter {
  count: u32 = 0;
  /*^*/get doubled(): u32 { // expect: BH1503
    return u32(this.count + this.count);
  }
}
