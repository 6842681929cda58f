// Stage 3a, typing: gives every expression a subset type and the interval of values JavaScript can
// produce for it, and applies the wrapping rule (docs/TS-SUBSET.md §3). An integer expression whose
// interval leaves its type's canonical range is "unwrapped": it may only flow into a conversion or into
// another modular operator (+ - * & | ^ ~ << >> >>>), whose C computation in uint32_t agrees with
// JavaScript modulo 2^32 as long as intermediate values stay exact (below 2^53). This file holds the
// entry points (cached in the context and reused by the emitter), the rule for a value meeting a typed
// place, the dispatch over expression kinds (typing-access.ts, typing-calls.ts, typing-operators.ts,
// which receive these entry points as a `Typer`) and the types unannotated variables take from their
// initializers. Intervals come from the range analysis (intervals.ts, variable-bounds.ts,
// module-ranges.ts, range-facts.ts).
import ts from 'typescript';
import type { Context } from './context.ts';
import { Diagnostics } from './diagnostics.ts';
import { ERROR, info, isError, literalInfo, reportUnwrapped, type Typer } from './expr-info.ts';
import { resolveDeclaredType, skipOuter, type InitializerTyping } from './resolve.ts';
import {
  CSTR,
  BOOL,
  F64,
  INT_INFO,
  NULL,
  sameType,
  typeName,
  widensTo,
  type ExprInfo,
  type SubsetType,
} from './types.ts';
import { typeElementAccess, typeIdentifier, typePropertyAccess, typeThis } from './typing-access.ts';
import { typeCall } from './typing-calls.ts';
import { typeArithmetic, typeBinary, typeConditional, typePrefix } from './typing-operators.ts';

// ---- entry points --------------------------------------------------------------------------------------

export function typeExpr(ctx: Context, expr: ts.Expression): ExprInfo {
  const cached = ctx.exprInfo.get(expr);
  if (cached !== undefined) return cached;
  const result = computeExpr(ctx, expr);
  ctx.exprInfo.set(expr, result);
  return result;
}

/** Types an expression that must be canonical (a value used anywhere but inside a conversion). */
export function typeCanonical(ctx: Context, expr: ts.Expression): ExprInfo {
  const i = typeExpr(ctx, expr);
  if (i.unwrapped) reportUnwrapped(ctx, expr, i);
  return i;
}

export function expectType(ctx: Context, expr: ts.Expression, expected: SubsetType, what = ''): ExprInfo {
  const inner = skipOuter(expr);
  const i = typeExpr(ctx, expr);
  if (isError(i)) return i;
  if (i.unwrapped) {
    reportUnwrapped(ctx, expr, i, expected);
    return i;
  }
  const mismatch = (): ExprInfo => {
    ctx.report(expr, Diagnostics.TypeMismatch, typeName(i.type), typeName(expected), what);
    return i;
  };
  if (i.stringLiteral === true) {
    if (expected.kind !== 'cstr') ctx.report(expr, Diagnostics.StringLiteralUse);
    return i;
  }
  const t = i.type;
  switch (expected.kind) {
    case 'int': {
      if (t.kind === 'literal' && ts.isConditionalExpression(inner)) {
        expectType(ctx, inner.whenTrue, expected, what);
        expectType(ctx, inner.whenFalse, expected, what);
        ctx.contextual.set(inner, expected);
        return i;
      }
      if (t.kind === 'literal') {
        if (Object.is(t.value, -0)) ctx.report(expr, Diagnostics.LiteralOutOfRange, '-0', expected.name);
        else if (!Number.isInteger(t.value))
          ctx.report(expr, Diagnostics.FloatLiteralInIntegerContext, t.value, expected.name);
        else if (t.value < INT_INFO[expected.name].min || t.value > INT_INFO[expected.name].max)
          ctx.report(expr, Diagnostics.LiteralOutOfRange, t.value, expected.name);
        ctx.contextual.set(inner, expected);
        return i;
      }
      if (t.kind === 'int' && widensTo(t.name, expected.name)) return i;
      if (t.kind === 'enum') {
        ctx.report(expr, Diagnostics.EnumArithmetic, 'assignment');
        return i;
      }
      return mismatch();
    }
    case 'float': {
      if (t.kind === 'literal') {
        if (ts.isConditionalExpression(inner)) {
          expectType(ctx, inner.whenTrue, expected, what);
          expectType(ctx, inner.whenFalse, expected, what);
        }
        // An f32 holds only single-precision values in Node too: a constant must be exact in f32.
        if (
          expected.name === 'f32' &&
          !ts.isConditionalExpression(inner) &&
          Math.fround(t.value) !== t.value
        ) {
          ctx.report(
            expr,
            Diagnostics.LiteralOutOfRange,
            `${t.value} (write f32(${t.value}))`,
            'f32 exactly',
          );
        }
        ctx.contextual.set(inner, expected);
        return i;
      }
      if (t.kind === 'float' && (t.name === expected.name || expected.name === 'f64')) return i;
      return mismatch();
    }
    case 'class': {
      if (t.kind === 'null') {
        if (!expected.nullable) ctx.report(expr, Diagnostics.NullToNonNullable);
        return i;
      }
      if (t.kind === 'class' && t.decl === expected.decl && (expected.nullable || !t.nullable)) return i;
      return mismatch();
    }
    case 'array': {
      if (t.kind === 'array' && sameType(t.element, expected.element)) {
        if (expected.length !== null && t.length !== expected.length) return mismatch();
        return i;
      }
      return mismatch();
    }
    case 'void':
      return mismatch();
    case 'enum':
      if (t.kind === 'int' || t.kind === 'literal') {
        ctx.report(expr, Diagnostics.EnumFromInteger);
        return i;
      }
      if (sameType(t, expected)) return i;
      return mismatch();
    default:
      if (sameType(t, expected)) return i;
      return mismatch();
  }
}

/** Types a condition (`if`, loops, `?:`, `&&`, `||`, `!`): must be bool. */
export function expectBool(ctx: Context, expr: ts.Expression): void {
  const i = typeCanonical(ctx, expr);
  if (isError(i)) return;
  if (i.type.kind !== 'bool') ctx.report(expr, Diagnostics.ConditionNotBool, typeName(i.type));
}

// ---- expressions -----------------------------------------------------------------------------------------

function computeExpr(ctx: Context, expr: ts.Expression): ExprInfo {
  if (ts.isParenthesizedExpression(expr)) return typeExpr(ctx, expr.expression);
  if (ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr)) {
    if (ts.isAsExpression(expr) && expr.type.getText() === 'const') return typeExpr(ctx, expr.expression);
    ctx.report(expr, Diagnostics.UnsupportedSyntax, 'type assertion');
    return ERROR;
  }
  if (ts.isNonNullExpression(expr)) {
    ctx.report(expr, Diagnostics.UnsupportedSyntax, 'non-null assertion (!)');
    return ERROR;
  }
  if (ts.isNumericLiteral(expr)) return literalInfo(Number(expr.text));
  if (ts.isBigIntLiteral(expr)) {
    ctx.report(expr, Diagnostics.UnsupportedSyntax, 'bigint');
    return ERROR;
  }
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) {
    if (ts.isNoSubstitutionTemplateLiteral(expr)) ctx.report(expr, Diagnostics.TemplateLiteral);
    return info(CSTR, { stringLiteral: true });
  }
  if (ts.isTemplateExpression(expr)) {
    ctx.report(expr, Diagnostics.TemplateLiteral);
    return ERROR;
  }
  if (ts.isRegularExpressionLiteral(expr)) {
    ctx.report(expr, Diagnostics.RegularExpression);
    return ERROR;
  }
  switch (expr.kind) {
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
      return info(BOOL);
    case ts.SyntaxKind.NullKeyword:
      return info(NULL);
    case ts.SyntaxKind.ThisKeyword:
      return typeThis(ctx, expr);
    case ts.SyntaxKind.SuperKeyword:
      ctx.report(expr, Diagnostics.Inheritance, 'super');
      return ERROR;
  }
  if (ts.isIdentifier(expr)) return typeIdentifier(ctx, TYPER, expr);
  if (ts.isPropertyAccessExpression(expr)) return typePropertyAccess(ctx, TYPER, expr);
  if (ts.isElementAccessExpression(expr)) return typeElementAccess(ctx, TYPER, expr);
  if (ts.isCallExpression(expr)) return typeCall(ctx, TYPER, expr);
  if (ts.isBinaryExpression(expr)) return typeBinary(ctx, TYPER, expr);
  if (ts.isPrefixUnaryExpression(expr)) return typePrefix(ctx, TYPER, expr);
  if (ts.isPostfixUnaryExpression(expr)) {
    ctx.report(
      expr,
      Diagnostics.IncrementOutsideFor,
      expr.operator === ts.SyntaxKind.PlusPlusToken ? '++' : '--',
      'u32',
    );
    return ERROR;
  }
  if (ts.isConditionalExpression(expr)) return typeConditional(ctx, TYPER, expr);
  if (ts.isNewExpression(expr)) {
    ctx.report(expr, Diagnostics.HeapAllocation);
    return ERROR;
  }
  if (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) {
    ctx.report(expr, Diagnostics.Closure);
    return ERROR;
  }
  if (ts.isObjectLiteralExpression(expr)) {
    ctx.report(expr, Diagnostics.ObjectLiteral);
    return ERROR;
  }
  if (ts.isArrayLiteralExpression(expr)) {
    ctx.report(expr, Diagnostics.UnsupportedArrayCreation);
    return ERROR;
  }
  if (ts.isSpreadElement(expr)) {
    ctx.report(expr, Diagnostics.Spread);
    return ERROR;
  }
  if (ts.isTypeOfExpression(expr)) {
    ctx.report(expr, Diagnostics.ReflectiveOperator, 'typeof');
    return ERROR;
  }
  if (ts.isDeleteExpression(expr)) {
    ctx.report(expr, Diagnostics.ReflectiveOperator, 'delete');
    return ERROR;
  }
  if (ts.isVoidExpression(expr)) {
    ctx.report(expr, Diagnostics.ReflectiveOperator, 'void');
    return ERROR;
  }
  if (ts.isAwaitExpression(expr)) {
    ctx.report(expr, Diagnostics.AsyncCode, 'await');
    return ERROR;
  }
  if (ts.isYieldExpression(expr)) {
    ctx.report(expr, Diagnostics.Generator);
    return ERROR;
  }
  if (ts.isClassExpression(expr)) {
    ctx.report(expr, Diagnostics.UnsupportedSyntax, 'class expression');
    return ERROR;
  }
  ctx.report(expr, Diagnostics.UnsupportedSyntax, ts.SyntaxKind[expr.kind]);
  return ERROR;
}

/** The subset type of a variable, parameter, field, interface field, or a function's return type; an
 *  unannotated local takes the type of its initializer. */
export function declaredType(ctx: Context, decl: ts.Node): SubsetType | null {
  return resolveDeclaredType(ctx, decl, INITIALIZERS);
}

/** Types `left op right` for an arithmetic or bitwise operator: the value of a compound assignment
 *  (`node` is the assignment). */
export function typeCompoundValue(
  ctx: Context,
  node: ts.Node,
  op: ts.SyntaxKind,
  symbol: string,
  left: ts.Expression,
  right: ts.Expression,
): ExprInfo {
  return typeArithmetic(ctx, TYPER, node, op, symbol, left, right);
}

/** The entry points as the files typing one kind of expression receive them. */
const TYPER: Typer = { typeExpr, typeCanonical, expectType, expectBool, declaredType };

// ---- unannotated variables ----------------------------------------------------------------------------

/** The types unannotated locals take from their initializers. */
const INITIALIZERS: InitializerTyping = {
  initializer(ctx, init) {
    const i = typeExpr(ctx, init);
    if (isError(i)) return null;
    if (i.type.kind === 'literal') {
      if (!Number.isInteger(i.type.value)) return F64;
      ctx.report(init, Diagnostics.MissingAnnotation, 'this variable (its initializer is a bare constant)');
      return null;
    }
    if (i.unwrapped) {
      reportUnwrapped(ctx, init, i);
      return null;
    }
    if (i.type.kind === 'null' || i.type.kind === 'void') return null;
    if (i.stringLiteral === true) {
      ctx.report(init, Diagnostics.StringLiteralUse);
      return null;
    }
    return i.type;
  },
  forOfElement(ctx, iterated) {
    const i = typeCanonical(ctx, iterated);
    if (isError(i)) return null;
    if (i.type.kind !== 'array') {
      ctx.report(iterated, Diagnostics.UnsupportedSyntax, `for...of over ${typeName(i.type)}`);
      return null;
    }
    return i.type.element;
  },
};
