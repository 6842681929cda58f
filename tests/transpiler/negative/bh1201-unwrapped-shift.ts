// Negative case: the wrapping rule: an unwrapped u8 left shift stored (BH1201).
import { u8 } from '../../../transpiler/runtime/index.ts';

export function scale(x: u8): u8 {
  const shifted: u8 = /*^*/x << 2; // expect: BH1201
  return shifted;
}
