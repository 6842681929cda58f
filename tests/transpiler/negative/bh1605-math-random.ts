// Negative case: Math beyond the allowed members: Math.random (BH1605).
import { f64 } from '../../../transpiler/runtime/index.ts';

export function noise(): f64 {
  return /*^*/Math.random(); // expect: BH1605
}
