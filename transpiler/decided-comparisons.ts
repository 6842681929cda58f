// Range analysis, decided comparisons: an integer comparison whose operands' intervals do not overlap,
// whose operands have a bit known to be 1 on one side and 0 on the other (known bits of constants, `&`,
// `|` and non-negative intervals), or whose two sides are one value written twice, has the same value on
// every run. Emission writes such a comparison as its value (C compilers warn about them).
import ts from 'typescript';
import type { Context } from './context.ts';
import type { TypeOf } from './expr-info.ts';
import { constantValue, skipOuter } from './resolve.ts';
import { sameValue } from './same-value.ts';
import type { ExprInfo, SubsetType } from './types.ts';

/** The value of an integer comparison when the operands' intervals decide it (or both operands are
 *  the same local or parameter), else undefined. */
export function decideComparison(
  ctx: Context,
  typeOf: TypeOf,
  op: ts.SyntaxKind,
  l: ExprInfo,
  r: ExprInfo,
  left: ts.Expression,
  right: ts.Expression,
): boolean | undefined {
  const integer = (t: SubsetType): boolean => t.kind === 'int' || t.kind === 'literal';
  if (!integer(l.type) || !integer(r.type) || l.unwrapped || r.unwrapped) return undefined;
  const same = sameValue(ctx, left, right);
  switch (op) {
    case ts.SyntaxKind.LessThanToken:
      if (same) return false;
      if (l.max < r.min) return true;
      if (l.min >= r.max) return false;
      return undefined;
    case ts.SyntaxKind.LessThanEqualsToken:
      if (same) return true;
      if (l.max <= r.min) return true;
      if (l.min > r.max) return false;
      return undefined;
    case ts.SyntaxKind.GreaterThanToken:
      if (same) return false;
      if (l.min > r.max) return true;
      if (l.max <= r.min) return false;
      return undefined;
    case ts.SyntaxKind.GreaterThanEqualsToken:
      if (same) return true;
      if (l.min >= r.max) return true;
      if (l.max < r.min) return false;
      return undefined;
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsEqualsToken: {
      const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken;
      if (same) return equal;
      if (l.max < r.min || l.min > r.max) return !equal;
      if (bitsConflict(ctx, typeOf, left, l, right, r)) return !equal;
      if (l.min === l.max && r.min === r.max && l.min === r.min) return equal;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Bits of a 32-bit two's-complement value known to be 0 (`zeros`) and 1 (`ones`). */
interface KnownBits {
  zeros: number;
  ones: number;
}

/** Known bits of an integer expression: constants, `&` and `|` of known bits (`(x & 0x8000)` has every
 *  other bit 0, `(x | 0x80)` bit 7 set), and the high bits a non-negative interval leaves 0. */
function knownBits(ctx: Context, typeOf: TypeOf, expr: ts.Expression, i: ExprInfo): KnownBits {
  const e = skipOuter(expr);
  const value = constantValue(ctx, e);
  if (value !== undefined && Number.isInteger(value)) return { zeros: ~value >>> 0, ones: value >>> 0 };
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandToken || op === ts.SyntaxKind.BarToken) {
      const a = knownBits(ctx, typeOf, e.left, typeOf(ctx, e.left));
      const b = knownBits(ctx, typeOf, e.right, typeOf(ctx, e.right));
      return op === ts.SyntaxKind.AmpersandToken
        ? { zeros: (a.zeros | b.zeros) >>> 0, ones: (a.ones & b.ones) >>> 0 }
        : { zeros: (a.zeros & b.zeros) >>> 0, ones: (a.ones | b.ones) >>> 0 };
    }
  }
  if (!i.unwrapped && i.min >= 0 && i.max < 2 ** 32) {
    const bits = i.max === 0 ? 0 : Math.floor(Math.log2(i.max)) + 1;
    return { zeros: bits >= 32 ? 0 : ~(2 ** bits - 1) >>> 0, ones: 0 };
  }
  return { zeros: 0, ones: 0 };
}

/** True when a bit known to be 1 on one side is known to be 0 on the other: the values differ (GCC
 *  decides `(x & 0x8000) != -1` the same way and warns that it is constant). */
function bitsConflict(
  ctx: Context,
  typeOf: TypeOf,
  left: ts.Expression,
  l: ExprInfo,
  right: ts.Expression,
  r: ExprInfo,
): boolean {
  const a = knownBits(ctx, typeOf, left, l);
  const b = knownBits(ctx, typeOf, right, r);
  return ((a.ones & b.zeros) | (a.zeros & b.ones)) !== 0;
}
