// Corpus program: mulHigh, the high word of the exact 64-bit signed product, at the edges of the i32
// range and over a generated sequence, and Q16.16 multiplication built from mulHigh and mul (the low
// word); checked against products computed with exact integer arithmetic (expected.txt).
import { i32, mul, mulHigh, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32 } from '../../support/print.ts';

const EDGES: readonly i32[] = [
  0, 1, -1, 2, -2, 0x7fffffff, -0x80000000, 0x10000, -0x10000, 0x12345678, -0x789abcdf,
] as const;

/** a × b in Q16.16, wrapped to 32 bits: the 64-bit product's bits 16..47. */
function mulQ16(a: i32, b: i32): i32 {
  return i32(u32(mulHigh(a, b) << 16) | (u32(mul(a, b)) >>> 16));
}

export function main(): void {
  for (let i: u32 = 0; i < EDGES.length; i++) {
    for (let j: u32 = 0; j < EDGES.length; j++) {
      printI32('high', mulHigh(EDGES[i], EDGES[j]));
    }
  }
  let x: u32 = 0x2545f491;
  for (let n: u32 = 0; n < 40; n++) {
    x = u32(x ^ (x << 13));
    x = u32(x ^ (x >>> 17));
    x = u32(x ^ (x << 5));
    const a = i32(x);
    const b = i32(i32(x >>> 12) - 0x80000);
    printI32('seq', mulHigh(a, b));
    printI32('q16', mulQ16(b, 0x18000));
  }
}
