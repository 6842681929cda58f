// Negative case: a mutable static field (BH1504).
import { u32 } from '../../../transpiler/runtime/index.ts';

export class Registry {
  /*^*/static instances: u32 = 0; // expect: BH1504
  id: u32 = 0;
}
