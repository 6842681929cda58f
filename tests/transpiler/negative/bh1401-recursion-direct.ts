// Negative case: direct recursion (BH1401).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function countdown(n: u32): u32 {
  if (n === 0) {
    return 0;
  }
  return /*^*/countdown(u32(n - 1)); // expect: BH1401
}
