// Negative case: Math beyond the allowed members: Math.floor (BH1605).
import { f64 } from '../../../transpiler/runtime/index.ts';

export function floor(x: f64): f64 {
  return /*^*/Math.floor(x); // expect: BH1605
}
