// Negative case: 'for...in' loops (BH1015).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Table {
  a: u32 = 1;
  b: u32 = 2;
}

const table = new Table();

export function keys(): u32 {
  let count: u32 = 0;
  /*^*/for (const key in table) { // expect: BH1015
    count = u32(count + 1);
  }
  return count;
}
