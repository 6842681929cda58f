// Negative case: an assignment used as a value (BH1021).
import { u32 } from '../../../transpiler/runtime/index.ts';

let a: u32 = 0;
let b: u32 = 0;

export function clearBoth(): void {
  a = /*^*/b = 0; // expect: BH1021
}
