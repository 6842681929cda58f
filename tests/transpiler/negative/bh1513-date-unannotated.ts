// Negative case: a Date created without a type annotation gets Date's own code (BH1513), not the
// follow-on ones of the declaration.
import { u32 } from '../../../transpiler/runtime/index.ts';

const started = /*^*/new Date(); // expect: BH1513

export function uptime(): u32 {
  return 0;
}
