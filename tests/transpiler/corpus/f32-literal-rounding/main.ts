// Corpus program: f32 constants that single precision cannot represent exactly (0.1, 0.3, 1/3) in a
// module constant, a const table, a module variable and a local. Node values of type f32 must be
// canonical (Math.fround'ed), as C's `float` is; widening them to f64 shows any difference in full.
import { f32, f64 } from '../../../../transpiler/runtime/index.ts';
import { printF32, printF64 } from '../../support/print.ts';

const TENTH: f32 = 0.1;
const TABLE: readonly f32[] = [0.1, 0.3, 0.3333333333333333] as const;
let gain: f32 = 0.3;

export function main(): void {
  const local: f32 = 0.1;
  printF32("tenth", TENTH);
  printF64("tenth_wide", f64(TENTH));
  for (const entry of TABLE) {
    printF64("table_wide", f64(entry));
  }
  printF64("gain_wide", f64(gain));
  printF64("local_wide", f64(local));
  printF64("rounded_wide", f64(f32(0.1)));
  gain = f32(gain * 2);
  printF64("gain_doubled", f64(gain));
}
