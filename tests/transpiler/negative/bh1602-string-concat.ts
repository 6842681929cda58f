// Negative case: string operations: concatenation (BH1602).
import { cstr } from '../../../transpiler/runtime/index.ts';

/** @extern bh_log */
export function log(text: cstr): void {
}

export function greet(name: cstr): void {
  log(/*^*/'hello ' + name); // expect: BH1602
}
