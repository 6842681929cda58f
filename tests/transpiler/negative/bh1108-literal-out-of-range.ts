// Negative case: an integer constant that does not fit its type (BH1108).
import { u8 } from '../../../transpiler/runtime/index.ts';

export function level(): u8 {
  const value: u8 = /*^*/300; // expect: BH1108
  return value;
}
