// Negative case: '++' outside the update of a for loop (BH1014).
import { u32 } from '../../../transpiler/runtime/index.ts';

let events: u32 = 0;

export function record(): void {
  /*^*/events++; // expect: BH1014
}
