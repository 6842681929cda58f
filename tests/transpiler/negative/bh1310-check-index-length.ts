// Negative case: checkIndex with a length that is not the array's (BH1310).
import { checkIndex, u8, u32 } from '../../../transpiler/runtime/index.ts';

const table = new Uint8Array(16);

export function at(i: u32): u8 {
  return table[checkIndex(i, /*^*/32)]; // expect: BH1310
}
