// Negative case: Date: time comes from the port layer (BH1513).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function now(): u32 {
  return u32(/*^*/Date.now()); // expect: BH1409, BH1513
}
