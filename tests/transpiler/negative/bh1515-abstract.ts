// Negative case: abstract classes (BH1515).
import { u32 } from '../../../transpiler/runtime/index.ts';

/*^*/export abstract class Shape { // expect: BH1515
  sides: u32 = 0;
}
