// Negative case: the wrapping rule: '+=' on u8 (BH1207).
import { u8 } from '../../../transpiler/runtime/index.ts';

let count: u8 = 0;

export function bump(): void {
  /*^*/count += 1; // expect: BH1207
}
