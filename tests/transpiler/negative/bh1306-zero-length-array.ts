// Negative case: a module-level array of length 0: C has no zero-size arrays (BH1306).
import { u32 } from '../../../transpiler/runtime/index.ts';

const EMPTY = /*^*/new Uint8Array(0); // expect: BH1306

export function size(): u32 {
  return EMPTY.length;
}
