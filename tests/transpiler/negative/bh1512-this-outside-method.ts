// Negative case: 'this' outside methods (BH1512).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function self(this: Counter): u32 {
  return /*^*/this.count; // expect: BH1512
}

class Counter {
  count: u32 = 0;
}
