// Corpus program: module constants whose initializers fold constants imported from another module, each
// read more than once in one expression (division, remainder, shifts, unary minus, conversions, chains
// of constants across modules; '%' on constants is refused by the subset), must have the value Node computes, in static storage and in code.
import { i32, u32, u8 } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32 } from '../../support/print.ts';
import { DERIVED, Limits, N, NEGATIVE, SECOND_LEVEL, SHIFT, SQUARE_MINUS } from './sizes.ts';

const THREE_QUARTERS: u32 = N - N / 4;
const SHIFTED_LEFT: u32 = (N << SHIFT) + (N >>> SHIFT);
const SHIFTED_RIGHT: u32 = (N >> SHIFT) - (N >> (SHIFT + 2));
const NEGATED: i32 = -NEGATIVE - NEGATIVE / 4;
const NEGATED_TWICE: i32 = -(-NEGATIVE) / 4 + NEGATIVE;
const MINUS_N: i32 = -N / 8 + N / 16;
const CHAIN: u32 = DERIVED + SECOND_LEVEL / 2 - DERIVED / 5;
const FROM_CLASS: u32 = u32(Limits.CAPACITY + Limits.CAPACITY);
const NARROWED: u8 = u8(N - 1 + N);
const COMPLEMENT: i32 = ~NEGATIVE + ~NEGATIVE * 2;
const SQUARE: u32 = SQUARE_MINUS / N + SQUARE_MINUS / (N / 2);
const LOCAL = 1000;
const LOCAL_TWICE: u32 = LOCAL - LOCAL / 8 + (N * LOCAL) / 32;
const LENGTH = N / 32 + N / 64;
const buffer = new Uint32Array(LENGTH - LENGTH / 4);

export function main(): void {
  printU32('three_quarters', THREE_QUARTERS);
  printU32('shifted_left', SHIFTED_LEFT);
  printU32('shifted_right', SHIFTED_RIGHT);
  printI32('negated', NEGATED);
  printI32('negated_twice', NEGATED_TWICE);
  printI32('minus_n', MINUS_N);
  printU32('chain', CHAIN);
  printU32('from_class', FROM_CLASS);
  printU32('capacity', Limits.CAPACITY);
  printU32('narrowed', NARROWED);
  printI32('complement', COMPLEMENT);
  printU32('square', SQUARE);
  printU32('local_twice', LOCAL_TWICE);
  printU32('buffer_length', buffer.length);
  const local: u32 = N - N / 4;
  printU32('local_three_quarters', local);
  const localNegative: i32 = NEGATIVE - NEGATIVE / 4;
  printI32('local_negative', localNegative);
  printU32('in_expression', u32(local + (N - N / 4)));
}
