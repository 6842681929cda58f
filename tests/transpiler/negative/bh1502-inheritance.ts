// Negative case: class inheritance (BH1502).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Base {
  id: u32 = 0;
}

export class Derived /*^*/extends Base { // expect: BH1502
  extra: u32 = 0;
}
