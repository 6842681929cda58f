// Negative case: recursion through a method calling itself on 'this' (BH1401).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Walker {
  depth: u32 = 0;
  walk(n: u32): u32 {
    if (n === 0) {
      return 0;
    }
    return /*^*/this.walk(u32(n - 1)); // expect: BH1401
  }
}

export const walker = new Walker();
