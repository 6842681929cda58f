// Corpus program: f32 constants that single precision cannot represent exactly (0.1, 0.3, 1/3). Written
// as `f32(0.1)` (rounded on both sides) or as the exact single-precision value, they must give the same
// float in Node (Math.fround) and C (`float`); widening to f64 shows every bit. (A bare inexact constant
// in f32 context is rejected with BH1108: Node would keep the double.)
import { f32, f64 } from '../../../../transpiler/runtime/index.ts';
import { printF32, printF64 } from '../../support/print.ts';

const TENTH: f32 = f32(0.1);
/** The single-precision values nearest to 0.1, 0.3 and 1/3, written exactly. */
const TABLE: readonly f32[] = [
  0.100000001490116119384765625, 0.300000011920928955078125, 0.3333333432674407958984375,
] as const;
let gain: f32 = f32(0.3);

export function main(): void {
  const local: f32 = f32(0.1);
  printF32('tenth', TENTH);
  printF64('tenth_wide', f64(TENTH));
  for (const entry of TABLE) {
    printF64('table_wide', f64(entry));
  }
  printF64('gain_wide', f64(gain));
  printF64('local_wide', f64(local));
  printF64('rounded_wide', f64(f32(0.1)));
  printF64('third_wide', f64(f32(f32(1) / f32(3))));
  gain = f32(gain * 2);
  printF64('gain_doubled', f64(gain));
  printF64('sum_wide', f64(f32(TENTH + f32(0.2))));
}
