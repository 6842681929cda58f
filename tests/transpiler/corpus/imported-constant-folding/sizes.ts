// Helper module of the imported-constant-folding corpus program: named constants (bare numbers, typed
// where they are used) derived from each other, a negative one, and a static readonly field, which the
// entry module folds into its own constants.
import { u32 } from '../../../../transpiler/runtime/index.ts';

export const N = 256;
export const SHIFT = 3;
export const NEGATIVE = -20;
export const DERIVED = N / 8 + SHIFT;
export const SECOND_LEVEL = DERIVED * 2 - N / 64;
export const SQUARE_MINUS = N * N - N;

export class Limits {
  static readonly CAPACITY: u32 = N / 2 - N / 16;
}
