// Negative case: host APIs: console (BH1604).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function report(value: u32): void {
  /*^*/console.log(value); // expect: BH1604
}
