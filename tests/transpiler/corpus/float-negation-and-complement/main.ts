// Corpus program: unary operators next to float conversions: double negation of f32/f64 values
// (`f32(-f32(-x))`, `-(-y)`), which must not turn into C's decrement operator, and the complement of a
// signed integer converted to float (`f32(~v)`, `f64(~v)`), which must keep its sign. Variables are
// printed afterwards to show that nothing was modified.
import { f32, f64, i8, i16, i32, u8 } from '../../../../transpiler/runtime/index.ts';
import { printF32, printF64, printU32 } from '../../support/print.ts';

let single: f32 = 3;
let double: f64 = 2.5;
let small: i8 = 7;
let medium: i16 = -300;
let large: i32 = 0x12345;

function negateTwice(value: f32): f32 {
  return f32(-f32(-value));
}

export function main(): void {
  printF32('neg_neg_f32', negateTwice(single));
  printF32('neg_neg_f32_inline', f32(-f32(-single)));
  printF64('neg_neg_f64', -(-double));
  printF32('single_after', single);
  printF64('double_after', double);
  printF32('not_i8_f32', f32(~small));
  printF64('not_i8_f64', f64(~small));
  printF64('not_i16_f64', f64(~medium));
  printF64('not_i32_f64', f64(~large));
  printU32('not_i8_via_f32_u8', u8(f32(~small)));
}
