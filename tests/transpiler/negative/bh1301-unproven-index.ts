// Negative case: an index that cannot be proven in range (BH1301).
import { u8, u32 } from '../../../transpiler/runtime/index.ts';

const table = new Uint8Array(16);

export function at(i: u32): u8 {
  return table[/*^*/i]; // expect: BH1301
}
