// Corpus program: single-precision arithmetic: every f32 operation rounded with f32() (Math.fround in
// Node, float arithmetic in C), accumulation error versus f64, integers around 2^24, tiny and huge
// values (subnormals, overflow to infinity), division by zero, and f32 <-> integer conversions.
import { f32, f64, i32, u32 } from '../../../../transpiler/runtime/index.ts';
import { printF32, printF64, printI32, printU32 } from '../../support/print.ts';

/** Values exactly representable in single precision (largest finite, a subnormal, 2^24, ...). */
const INPUTS: readonly f32[] = [
  0.25, 0.5, 1.5, -2.75, 16777216, 3.4028234663852886e38, 7.174648137343064e-43, 0,
] as const;

export function main(): void {
  let sum32: f32 = 0;
  let sum64: f64 = 0;
  for (let i: u32 = 0; i < 1000; i++) {
    sum32 = f32(sum32 + f32(0.1));
    sum64 = sum64 + 0.1;
  }
  printF32('sum32', sum32);
  printF64('sum64', sum64);
  printF64('sum32_as_f64', f64(sum32));
  const big: f32 = 16777216;
  printF32('big_plus_one', f32(big + 1));
  printF32('big_plus_two', f32(big + 2));
  printU32('big_plus_three_u32', u32(f32(big + 3)));
  for (const a of INPUTS) {
    printF32('in', a);
    for (const b of INPUTS) {
      printF32('add', f32(a + b));
      printF32('sub', f32(a - b));
      printF32('mul', f32(a * b));
      printF32('div', f32(a / b));
    }
    printI32('to_i32', i32(a));
    printF32('neg', f32(-a));
  }
  const third = f32(f32(1) / f32(3));
  printF32('third', third);
  printF64('third_wide', f64(third) * 3);
  printF32('from_int', f32(i32(16777217)));
  printF32('from_u32', f32(u32(4294967295)));
}
