// Negative case: an index of a signed type (BH1305).
import { i32, u8 } from '../../../transpiler/runtime/index.ts';

const table = new Uint8Array(16);

export function at(i: i32): u8 {
  return table[/*^*/i]; // expect: BH1305
}
