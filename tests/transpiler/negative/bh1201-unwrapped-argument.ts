// Negative case: the wrapping rule: an unwrapped u8 sum passed as an argument (BH1201).
import { u8 } from '../../../transpiler/runtime/index.ts';

function keep(value: u8): u8 {
  return value;
}

export function sum(a: u8, b: u8): u8 {
  return keep(/*^*/a + b); // expect: BH1201
}
