// Corpus program: left shifts of negative values in every form the subset emits as an unsigned shift
// (module and local constants, static readonly, i8/i16 values, parameters of small functions GCC inlines
// at -O2 with negative constant arguments): built -Werror at -O0 and -O2 on the host and the Cortex-R5F,
// none may warn (-Wshift-negative-value) and all must print Node's values.
import { i16, i32, i8, u32, u8 } from '../../../../transpiler/runtime/index.ts';
import { printI32 } from '../../support/print.ts';
const A = -5;
const B: i32 = -3;
const C8: i8 = -2;
const C16: i16 = -300;
class K {
  static readonly M: i32 = -9;
}
let n: u32 = 3;
let k: u8 = 2;
function sh(s: i32, c: u32): i32 {
  return s << c;
}
function sh8(s: i8, c: u32): i32 {
  return i32(s << c);
}
function sh16(s: i16, c: u8): i16 {
  return i16(s << c);
}
function shc(s: i32): i32 {
  return s << 4;
}
export function main(): void {
  const L: i32 = -11;
  const L8: i8 = -12;
  printI32('a', i32(A) << n);
  printI32('b', B << n);
  printI32('c', sh(-7, n));
  printI32('c2', sh(A, 5));
  printI32('d', sh8(-7, n));
  printI32('d2', sh8(C8, 31));
  printI32('e', sh16(C16, k));
  printI32('e2', sh16(-1, 15));
  printI32('f', shc(-1));
  printI32('f2', shc(B));
  printI32('g', L << n);
  printI32('h', i32(L8 << k));
  printI32('i', C8 << 3);
  printI32('j', i32(K.M) << n);
  printI32('k', C16 << 4);
  printI32('l', B << 31);
  printI32('m', (B << n) >> 2);
  printI32('n', i32(B >> 1) << n);
}
