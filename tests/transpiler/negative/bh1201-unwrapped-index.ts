// Negative case: the wrapping rule: an unwrapped index expression (BH1201).
import { u8, u32 } from '../../../transpiler/runtime/index.ts';

const table = new Uint8Array(16);

export function next(i: u32): u8 {
  return table[/*^*/i + 1]; // expect: BH1201
}
