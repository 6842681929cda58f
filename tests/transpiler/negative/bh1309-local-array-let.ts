// Negative case: a function-local array declared with `let`: arrays are never reassigned (BH1309).
import { u8 } from '../../../transpiler/runtime/index.ts';

export function first(): u8 {
  let /*^*/buf = new Uint8Array(4); // expect: BH1309
  return buf[0];
}
