// Negative case: dynamic arrays: an array literal built at run time inside a function (BH1306).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function first(a: u32, b: u32): u32 {
  const pair: u32[] = /*^*/[a, b]; // expect: BH1306
  return pair[0];
}
