// Input generator and output digest of the code-quality benchmark's host drivers, bit for bit those
// of the bare-metal harness (bench/codegen/harness/harness.h): xorshift32 and an FNV-1a style fold.
// Written in the subset's integer style so the same text also compiles with AssemblyScript.
import { i32, mul, u32 } from '../../../transpiler/runtime/index.ts';

export const SEED: u32 = 0x2545f491;
export const FNV_OFFSET: u32 = 2166136261;
const FNV_PRIME: u32 = 16777619;

let rngState: u32 = SEED;

export function resetRandom(): void {
  rngState = SEED;
}

/** xorshift32 (13, 17, 5). */
export function random(): u32 {
  let x = rngState;
  x = u32(x ^ (x << 13));
  x = u32(x ^ (x >>> 17));
  x = u32(x ^ (x << 5));
  rngState = x;
  return x;
}

export function mix(digest: u32, value: u32): u32 {
  return u32(mul(i32Bits(u32(digest ^ value)), i32Bits(FNV_PRIME)));
}

/** The same 32 bits as a signed value (for mul). */
function i32Bits(x: u32): i32 {
  return i32(x);
}
