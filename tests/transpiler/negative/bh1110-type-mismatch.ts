// Negative case: a u32 value stored in a u8 without conversion (BH1110).
import { u8, u32 } from '../../../transpiler/runtime/index.ts';

export function low(word: u32): u8 {
  const byte: u8 = /*^*/word; // expect: BH1110
  return byte;
}
