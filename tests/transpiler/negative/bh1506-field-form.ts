// Negative case: a field without a type annotation (BH1506).
import { u32 } from '../../../transpiler/runtime/index.ts';

export class Meter {
  /*^*/reading = u32(0); // expect: BH1506
}
