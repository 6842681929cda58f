// Negative case: an arrow function that captures a local (BH1402).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function scaled(factor: u32): u32 {
  const apply = /*^*/(x: u32): u32 => u32(x + factor); // expect: BH1402
  return factor;
}
