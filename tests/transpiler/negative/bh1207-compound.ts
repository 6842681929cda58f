// Negative case: the wrapping rule: '+=' on u32 (BH1207).
import { u32 } from '../../../transpiler/runtime/index.ts';

let total: u32 = 0;

export function add(step: u32): void {
  /*^*/total += step; // expect: BH1207
}
