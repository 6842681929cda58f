// Negative case: a local whose initializer has no subset type needs an annotation (BH1104).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function start(): u32 {
  let total = /*^*/0; // expect: BH1104
  total = 1;
  return u32(total);
}
