// Negative case: an array of functions (a dispatch table) gets the function-value code (BH1405), not
// the follow-on ones of the declaration.
import { u32 } from '../../../transpiler/runtime/index.ts';

function first(): u32 {
  return 1;
}

const HANDLERS = [/*^*/first]; // expect: BH1405

export function count(): u32 {
  return 1;
}
