// Negative case: a function without a return type annotation (BH1406).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function /*^*/answer() { // expect: BH1406
  return u32(42);
}
