// Negative case: a non-integer constant where an integer is expected (BH1114).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function half(): u32 {
  const value: u32 = /*^*/1.5; // expect: BH1114
  return value;
}
