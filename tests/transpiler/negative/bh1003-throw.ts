// Negative case: exceptions: a 'throw' statement (BH1003).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function check(code: u32): void {
  if (code !== 0) {
    /*^*/throw code; // expect: BH1003
  }
}
