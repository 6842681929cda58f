// Negative case: a function-local buffer larger than a local array may be (BH1312): stack use stays
// bounded; a buffer this size belongs at module level.
import { u32 } from '../../../transpiler/runtime/index.ts';

export function sum(): u32 {
  const /*^*/frame = new Uint32Array(512); // expect: BH1312
  let total: u32 = 0;
  for (const w of frame) total = u32(total + w);
  return total;
}
