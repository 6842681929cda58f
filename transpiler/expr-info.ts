// Typing results (types.ts ExprInfo): their constructors, the diagnostic for a value that leaves its
// type's range, and the typing stage's entry points as the files that type one kind of expression and
// the range analyses receive them. Those files type subexpressions through the entry points they are
// given, so that none of them imports typing.ts, which imports them.
import type ts from 'typescript';
import type { Context } from './context.ts';
import { Diagnostics } from './diagnostics.ts';
import { INT, INT_INFO, VOID, typeName, type ExprInfo, type IntName, type SubsetType } from './types.ts';

export const INT32_MIN = -0x80000000;
export const INT32_MAX = 0x7fffffff;
/** Integers up to this magnitude are exact in a double. */
export const EXACT = 2 ** 53;

/** A value of `type` with its type's whole interval (integers) unless `extra` says otherwise. */
export function info(type: SubsetType, extra: Partial<ExprInfo> = {}): ExprInfo {
  if (type.kind === 'int') {
    const r = INT_INFO[type.name];
    return { type, min: r.min, max: r.max, unwrapped: false, ...extra };
  }
  return { type, min: 0, max: 0, unwrapped: false, ...extra };
}

/** A numeric constant that has not met a typed operand yet. */
export function literalInfo(value: number): ExprInfo {
  return { type: { kind: 'literal', value }, min: value, max: value, unwrapped: false, constant: value };
}

/** The result of an expression that was reported: nothing more is checked or reported about it. */
export const ERROR: ExprInfo = { type: VOID, min: 0, max: 0, unwrapped: false };

export function isError(i: ExprInfo): boolean {
  return i === ERROR;
}

/** Interval-typed int result: unwrapped when the interval leaves the type's range. */
export function intResult(name: IntName, min: number, max: number, extra: Partial<ExprInfo> = {}): ExprInfo {
  const r = INT_INFO[name];
  return { type: INT(name), min, max, unwrapped: min < r.min || max > r.max, ...extra };
}

/** BH1201/BH1208 for an unwrapped value; the advice names the conversion to the destination's type when
 *  the value goes into one (an i16 product returned as i32: `i32(...)`, which keeps the exact value;
 *  `i16(...)` would truncate it). */
export function reportUnwrapped(
  ctx: Context,
  expr: ts.Expression,
  i: ExprInfo,
  destination?: SubsetType,
): void {
  if (i.type.kind === 'float') ctx.report(expr, Diagnostics.FloatUnwrapped);
  else {
    const advice = destination?.kind === 'int' ? destination.name : typeName(i.type);
    ctx.report(expr, Diagnostics.Unwrapped, 'integer', typeName(i.type), advice);
  }
}

/** Types an expression (typing.ts `typeExpr`, cached): how the analyses read the interval of a
 *  subexpression. */
export type TypeOf = (ctx: Context, expr: ts.Expression) => ExprInfo;

/** The typing stage's entry points (typing.ts). */
export interface Typer {
  /** Types an expression (cached), reporting subset errors on the way. */
  typeExpr: TypeOf;
  /** Types an expression whose value must be canonical (anywhere but inside a conversion). */
  typeCanonical: TypeOf;
  /** Checks that `expr` fits where a value of type `expected` is required. */
  expectType(ctx: Context, expr: ts.Expression, expected: SubsetType, what?: string): ExprInfo;
  /** Types a condition: it must be bool. */
  expectBool(ctx: Context, expr: ts.Expression): void;
  /** The subset type of a declaration (annotated, or from its initializer). */
  declaredType(ctx: Context, decl: ts.Node): SubsetType | null;
}
