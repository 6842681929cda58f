// Negative case: reassigning a field that holds an embedded object (BH1517).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Inner {
  value: u32 = 0;
}

const spare = new Inner();

export class Outer {
  inner: Inner = new Inner();
  replace(): void {
    /*^*/this.inner = spare; // expect: BH1517
  }
}
