// Negative case: a constant index past the end (BH1302).
import { u8 } from '../../../transpiler/runtime/index.ts';

const table = new Uint8Array(16);

export function last(): u8 {
  return table[/*^*/16]; // expect: BH1302
}
