// Negative case: 'var' declarations are rejected; use let or const (BH1002).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function answer(): u32 {
  /*^*/var result: u32 = 42; // expect: BH1002
  return result;
}
