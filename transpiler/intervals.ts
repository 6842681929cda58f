// Interval analysis of the integer operators: from the intervals of the operands' JavaScript values, the
// interval of the result's JavaScript value (before any wrapping). Typing compares it with the result
// type's range to decide whether the value is canonical (docs/TS-SUBSET.md §3). Pure arithmetic on
// numbers; intervals are inclusive.
import ts from 'typescript';
import { EXACT, INT32_MAX, INT32_MIN } from './expr-info.ts';
import type { IntInfo } from './types.ts';

/** An inclusive interval of JavaScript values. */
export interface Interval {
  readonly min: number;
  readonly max: number;
}

/** An interval as [min, max]. */
export type Bounds = [min: number, max: number];

function inInt32(i: Interval): boolean {
  return i.min >= INT32_MIN && i.max <= INT32_MAX;
}

/** The number of bits needed to write `max` (at most 53). */
function bitsFor(max: number): number {
  let bits = 0;
  while (bits < 53 && 2 ** bits <= max) bits++;
  return bits;
}

export function sumRange(l: Interval, r: Interval): Bounds {
  return [l.min + r.min, l.max + r.max];
}

export function differenceRange(l: Interval, r: Interval): Bounds {
  return [l.min - r.max, l.max - r.min];
}

export function productRange(l: Interval, r: Interval): Bounds {
  const corners = [l.min * r.min, l.min * r.max, l.max * r.min, l.max * r.max];
  return [Math.min(...corners), Math.max(...corners)];
}

/** Whether a product can be -0 (0 * -5 in JavaScript): not a canonical integer. */
export function productMayBeNegativeZero(l: Interval, r: Interval): boolean {
  const zeroTimesNegative = (a: Interval, b: Interval): boolean => a.min <= 0 && a.max >= 0 && b.min < 0;
  return zeroTimesNegative(l, r) || zeroTimesNegative(r, l);
}

/** Whether a value of the interval can lose precision in a double. */
export function exceedsExact(min: number, max: number): boolean {
  return Math.max(Math.abs(min), Math.abs(max)) > EXACT;
}

/** Interval of a JS bitwise and/or/xor result. */
export function bitwiseRange(op: ts.SyntaxKind, l: Interval, r: Interval): Bounds {
  const nonNegative = (i: Interval): boolean => i.min >= 0 && i.max <= INT32_MAX;
  if (op === ts.SyntaxKind.AmpersandToken) {
    if (nonNegative(l) && nonNegative(r)) return [0, Math.min(l.max, r.max)];
    if (nonNegative(l)) return [0, l.max];
    if (nonNegative(r)) return [0, r.max];
  }
  if (nonNegative(l) && nonNegative(r)) {
    const max = 2 ** bitsFor(Math.max(l.max, r.max)) - 1;
    // An OR only sets bits: at least the larger minimum, at most the sum.
    if (op === ts.SyntaxKind.BarToken) return [Math.max(l.min, r.min), Math.min(max, l.max + r.max)];
    return [0, max];
  }
  if (inInt32(l) && inInt32(r)) {
    // Two's complement values in [-2^k, 2^k - 1] stay there under & | ^.
    const bits = Math.min(
      31,
      Math.max(bitsFor(Math.max(l.max, r.max, 0)), bitsFor(Math.max(-l.min - 1, -r.min - 1, 0))),
    );
    return [-(2 ** bits), 2 ** bits - 1];
  }
  return [INT32_MIN, INT32_MAX];
}

/** `l >>> count` of an unsigned left operand (`count` undefined: not constant; else 0..31). */
export function unsignedShiftRightRange(l: Interval, count: number | undefined): Bounds {
  if (l.min >= 0 && l.max <= 0xffffffff) {
    return [
      count === undefined ? 0 : Math.floor(l.min / 2 ** count),
      count === undefined ? l.max : Math.floor(l.max / 2 ** count),
    ];
  }
  return [0, count === undefined ? 0xffffffff : Math.floor(0xffffffff / 2 ** count)];
}

/** `l >> count` of a signed left operand. */
export function signedShiftRightRange(l: Interval, count: number | undefined): Bounds {
  const [a, b] = inInt32(l) ? [l.min, l.max] : [INT32_MIN, INT32_MAX];
  if (count === undefined) return [Math.min(a, 0), Math.max(b, 0)];
  return [Math.floor(a / 2 ** count), Math.floor(b / 2 ** count)];
}

/** `l << count`: exact while the result stays inside int32, else any int32. */
export function shiftLeftRange(l: Interval, count: number | undefined): Bounds {
  if (
    count !== undefined &&
    inInt32(l) &&
    l.min * 2 ** count >= INT32_MIN &&
    l.max * 2 ** count <= INT32_MAX
  ) {
    return [l.min * 2 ** count, l.max * 2 ** count];
  }
  return [INT32_MIN, INT32_MAX];
}

/** `-a`. */
export function negationRange(a: Interval): Bounds {
  return [-a.max, -a.min];
}

/** Whether `-a` can be -0 (from -x with x = 0): not a canonical integer. */
export function negationMayBeNegativeZero(a: Interval): boolean {
  return a.min <= 0 && a.max >= 0;
}

/** `~a`. */
export function complementRange(a: Interval): Bounds {
  if (inInt32(a)) return [~a.max, ~a.min];
  return [INT32_MIN, INT32_MAX];
}

/** `rem(a, b)` of two values of type `t`: the sign of the dividend, magnitude below the divisor's. */
export function remainderRange(t: IntInfo): Bounds {
  return [t.signed ? t.min + 1 : 0, t.max];
}

/** `div(a, b)` of two values of type `t`: only -min / -1 leaves the range (i8, i16); i32 gives
 *  INT32_MIN as SDIV does. */
export function quotientRange(t: IntInfo): Bounds {
  if (t.signed && t.bits < 32) return [t.min, t.max + 1];
  return [t.min, t.max];
}
