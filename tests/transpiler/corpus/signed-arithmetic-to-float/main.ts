// Corpus program: signed integer arithmetic whose range the transpiler proves (small loop counters,
// narrow operands) converted straight to f64/f32: the value is negative in JavaScript, so the C code must
// convert the signed result, not the 32-bit unsigned pattern it computed it in.
import { f32, f64, i8, i32, u32 } from '../../../../transpiler/runtime/index.ts';
import { printF32, printF64 } from '../../support/print.ts';

const OFFSETS: readonly i8[] = [-128, -1, 0, 127] as const;

export function main(): void {
  for (let i: u32 = 1; i < 6; i++) {
    printF64('loop_minus_7', f64(i32(i) - 7));
    printF32('loop_minus_7_f32', f32(i32(i) - 7));
    printF64('seven_minus_loop', f64(7 - i32(i)));
  }
  for (const offset of OFFSETS) {
    printF64('widened_sum', f64(i32(offset) + i32(offset)));
    printF64('widened_minus_100', f64(i32(offset) - 100));
    printF64('zero_minus', f64(0 - i32(offset)));
    printF32('widened_minus_200_f32', f32(i32(offset) - 200));
  }
}
