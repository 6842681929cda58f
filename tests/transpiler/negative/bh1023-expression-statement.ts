// Negative case: an expression statement without effect (BH1023).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function noop(limit: u32): void {
  /*^*/limit; // expect: BH1023
}
