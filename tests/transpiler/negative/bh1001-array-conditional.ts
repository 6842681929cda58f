// Negative case: an array chosen by `?:` between arrays of different lengths (a fixed array and a
// parameter): no single length describes the result, so no proof or `_len` could (BH1001).
import { u32, u8 } from '../../../transpiler/runtime/index.ts';

const LONG = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
let flag: u32 = 0;

export function pick(p: Uint8Array, i: u32): u8 {
  return (/*^*/flag === 1 ? LONG : p)[i & 7]; // expect: BH1001
}
