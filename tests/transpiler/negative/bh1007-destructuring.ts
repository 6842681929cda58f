// Negative case: destructuring a class instance (BH1007).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Pair {
  first: u32 = 0;
  second: u32 = 0;
}

const pair = new Pair();

export function firstOf(): u32 {
  const /*^*/{ first } = pair; // expect: BH1007
  return 0;
}
