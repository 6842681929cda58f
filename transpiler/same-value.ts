// Same values: whether two integer expressions of one comparison are the same value written twice, up
// to the order of the operands of + * & | ^ (`u32(b + x) === u32(x + b)`). GCC compares its operands
// that way too and warns about such a self-comparison (-Wtautological-compare); such a comparison is
// decided (decided-comparisons.ts) and written as its value. Only reads and pure intrinsics qualify: a
// call that may have an effect or read a device can give two different values.
import ts from 'typescript';
import type { Context } from './context.ts';
import { runtimeExportName, skipOuter } from './resolve.ts';

const COMMUTATIVE = new Set([
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.AmpersandToken,
  ts.SyntaxKind.BarToken,
  ts.SyntaxKind.CaretToken,
]);

const OPERATORS = new Set([
  ...COMMUTATIVE,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.LessThanLessThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
]);

/** Runtime intrinsics whose result depends on their arguments only. */
const PURE_INTRINSICS = new Set(['u8', 'u16', 'u32', 'i8', 'i16', 'i32', 'mul', 'mulHigh', 'div', 'rem']);

/** True when `a` and `b` always evaluate to the same value (and have no effect). */
export function sameValue(ctx: Context, a: ts.Expression, b: ts.Expression): boolean {
  const x = skipOuter(a);
  const y = skipOuter(b);
  if (ts.isIdentifier(x) && ts.isIdentifier(y)) return x.text === y.text;
  if (ts.isNumericLiteral(x) && ts.isNumericLiteral(y)) return Number(x.text) === Number(y.text);
  if (x.kind === ts.SyntaxKind.ThisKeyword) return y.kind === ts.SyntaxKind.ThisKeyword;
  if (ts.isPropertyAccessExpression(x) && ts.isPropertyAccessExpression(y))
    return x.name.text === y.name.text && sameValue(ctx, x.expression, y.expression);
  if (ts.isElementAccessExpression(x) && ts.isElementAccessExpression(y))
    return (
      sameValue(ctx, x.expression, y.expression) && sameValue(ctx, x.argumentExpression, y.argumentExpression)
    );
  if (ts.isPrefixUnaryExpression(x) && ts.isPrefixUnaryExpression(y)) {
    const pure = [ts.SyntaxKind.TildeToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.PlusToken];
    return x.operator === y.operator && pure.includes(x.operator) && sameValue(ctx, x.operand, y.operand);
  }
  if (ts.isBinaryExpression(x) && ts.isBinaryExpression(y)) {
    const op = x.operatorToken.kind;
    if (op !== y.operatorToken.kind || !OPERATORS.has(op)) return false;
    if (sameValue(ctx, x.left, y.left) && sameValue(ctx, x.right, y.right)) return true;
    return COMMUTATIVE.has(op) && sameValue(ctx, x.left, y.right) && sameValue(ctx, x.right, y.left);
  }
  if (ts.isCallExpression(x) && ts.isCallExpression(y)) {
    const name = runtimeExportName(ctx, x.expression);
    if (name === undefined || !PURE_INTRINSICS.has(name) || runtimeExportName(ctx, y.expression) !== name)
      return false;
    return (
      x.arguments.length === y.arguments.length &&
      x.arguments.every((arg, i) => sameValue(ctx, arg, y.arguments[i]))
    );
  }
  return false;
}
