// Negative case: a module variable initialised by a call (BH1118).
import { u32 } from '../../../transpiler/runtime/index.ts';

function initial(): u32 {
  return 7;
}

export let counter: u32 = /*^*/initial(); // expect: BH1118
