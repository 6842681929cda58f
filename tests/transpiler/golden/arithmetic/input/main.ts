// Golden case: the wrapping rule in C: modular chains, narrow types, shifts, mul/div/rem, floats and
// float-to-integer conversions.
import { u8, u16, u32, i8, i16, i32, f32, f64, mul, div, rem } from '../../../../../transpiler/runtime/index.ts';

export function mixU8(a: u8, b: u8): u8 {
  return u8(a * 3 + b);
}

export function rotl(x: u32, n: u32): u32 {
  return u32((x << n) | (x >>> u32(32 - n)));
}

export function hash(h: u32, byte: u8): u32 {
  return u32(mul(u32(h ^ byte), 0x01000193));
}

export function average(a: i16, b: i16): i16 {
  return i16((a + b) >> 1);
}

export function scale(x: i32, num: i32, den: i32): i32 {
  return i32(div(mul(x, num), den) + rem(x, den));
}

export function saturate(x: i32): i8 {
  if (x > 127) {
    return 127;
  }
  if (x < -128) {
    return -128;
  }
  return i8(x);
}

export function lowpass(previous: f32, sample: f32, alpha: f32): f32 {
  return f32(previous + alpha * (sample - previous));
}

export function toFixed(x: f64): i32 {
  return i32(x * 65536);
}

export function widen(a: u8, b: u16): u32 {
  const wide: u32 = b;
  return u32(wide + a);
}
