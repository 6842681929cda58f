// Negative case: exceptions: a 'try' statement (BH1003).
import { u32 } from '../../../transpiler/runtime/index.ts';

let attempts: u32 = 0;

export function guarded(): void {
  /*^*/try { // expect: BH1003
    attempts = 1;
  } finally {
    attempts = 2;
  }
}
