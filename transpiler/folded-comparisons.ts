// Comparisons written as their value: a comparison the range analysis decides (decided-comparisons.ts)
// is emitted as `true`/`false` unless an operand must still be evaluated, because it has a side effect or
// may stop the program as Node would. The emitter and the unused-local analysis of emit.ts share this.
import ts from 'typescript';
import type { Context } from './context.ts';
import { decideComparison } from './decided-comparisons.ts';
import { calleeOf } from './resolve.ts';
import { containsImpureCall } from './sequence.ts';
import { typeExpr } from './typing.ts';

/** The value a comparison is emitted as, when its operands' intervals decide it and evaluating them
 *  has no side effect; else undefined (the comparison is emitted). */
export function foldedComparison(ctx: Context, expr: ts.BinaryExpression): boolean | undefined {
  const decided = decideComparison(
    ctx,
    typeExpr,
    expr.operatorToken.kind,
    typeExpr(ctx, expr.left),
    typeExpr(ctx, expr.right),
    expr.left,
    expr.right,
  );
  if (decided === undefined || mustEvaluate(ctx, expr.left) || mustEvaluate(ctx, expr.right))
    return undefined;
  return decided;
}

/** An operand that must be evaluated even when its value is not needed: it has a side effect, or it may
 *  stop the program (a checkIndex, checkRange or byte-order load, or a call of a function, which may
 *  fail a check inside) as Node would stop. */
export function mustEvaluate(ctx: Context, expr: ts.Expression): boolean {
  if (containsImpureCall(ctx, expr)) return true;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const callee = calleeOf(ctx, node);
      if (
        callee !== undefined &&
        (callee.kind === 'function' ||
          callee.kind === 'method' ||
          (callee.kind === 'runtime' && MAY_FAIL.has(callee.name)))
      ) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(expr);
  return found;
}

/** Runtime intrinsics that stop the program on a bad index. */
const MAY_FAIL = new Set(['checkIndex', 'checkRange', 'loadU16BE', 'loadU16LE', 'loadU32BE', 'loadU32LE']);
