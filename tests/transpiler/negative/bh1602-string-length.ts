// Negative case: string operations: reading a string's length (BH1602).
import { cstr, u32 } from '../../../transpiler/runtime/index.ts';

export function size(text: cstr): u32 {
  return u32(/*^*/text.length); // expect: BH1602
}
