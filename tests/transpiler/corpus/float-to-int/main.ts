// Corpus program: float-to-integer conversions for every integer type: truncation toward zero, negative
// fractions, NaN and infinities (0), values beyond 32 bits reduced modulo 2^32 (including magnitudes
// beyond 2^63), and integer-to-float conversions at the 32-bit limits.
import { f32, f64, i8, i16, i32, u8, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printF64, printI32, printU32 } from '../../support/print.ts';

const SAMPLES: readonly f64[] = [
  0, 0.9, -0.9, 1.5, -1.5, 127.99, 128.5, -128.5, 255.7, 256.2, -1, 32767.5, 65535.9, 65536.1, 2147483647.5,
  2147483648.25, -2147483648.75, -2147483649.5, 4294967295.5, 4294967296, 4294967297.75, 1e10, -1e10,
  1.2345678901234e15, 9007199254740993, 1e19, -1e19, 1.8446744073709552e19, 1e300, -1e300,
] as const;

export function main(): void {
  const zero: f64 = 0;
  for (const x of SAMPLES) {
    printF64('x', x);
    printU32('u8', u8(x));
    printU32('u16', u16(x));
    printU32('u32', u32(x));
    printI32('i8', i8(x));
    printI32('i16', i16(x));
    printI32('i32', i32(x));
    printI32('i32_of_f32', i32(f32(x)));
  }
  printI32('nan_i32', i32(zero / zero));
  printU32('nan_u32', u32(zero / zero));
  printI32('inf_i32', i32(1 / zero));
  printU32('neg_inf_u32', u32(-1 / zero));
  printF64('from_u32_max', f64(u32(4294967295)));
  printF64('from_i32_min', f64(i32(-2147483648)));
}
