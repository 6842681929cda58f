// Negative case: template literals are string operations (BH1013).
import { cstr } from '../../../transpiler/runtime/index.ts';

/** @extern bh_log */
export function log(text: cstr): void {
}

export function hello(): void {
  log(/*^*/`ready`); // expect: BH1013
}
