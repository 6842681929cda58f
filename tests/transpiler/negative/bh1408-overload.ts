// Negative case: function overloads (BH1408).
import { u32 } from '../../../transpiler/runtime/index.ts';

/*^*/export function scale(x: u32): u32; // expect: BH1408
export function scale(x: u32): u32 {
  return x;
}
