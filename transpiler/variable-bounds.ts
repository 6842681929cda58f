// Range analysis, bounds of integer values: the interval a counting loop's variable keeps inside its
// body, the maximum an `if` comparison guarantees a local in its then-branch, the largest and smallest
// value of a bound expression (a constant, a fixed array length, a proven interval), and the keys that
// identify an array while a loop runs. Typing narrows the intervals of identifiers with these; check
// and emission read them too. Subexpressions are typed through `typeOf` (expr-info.ts).
import ts from 'typescript';
import type { Context } from './context.ts';
import { isError, type TypeOf } from './expr-info.ts';
import { constantValue, declarationOf, isConstBinding, skipOuter } from './resolve.ts';

/** A key identifying an array expression whose length is fixed for the duration of a loop. */
export function arrayKey(ctx: Context, expr: ts.Expression): string | undefined {
  expr = skipOuter(expr);
  if (ts.isIdentifier(expr)) {
    const decl = declarationOf(ctx, expr);
    return decl === undefined ? undefined : `decl:${decl.getSourceFile().fileName}:${decl.pos}`;
  }
  if (ts.isPropertyAccessExpression(expr)) {
    // A path through a reference the function re-points (`t = ROWS[1]`) names another array after it:
    // no proof may tie an index to it.
    if (hasRepointedBase(ctx, expr)) return undefined;
    const base = expr.expression.kind === ts.SyntaxKind.ThisKeyword ? 'this' : arrayKey(ctx, expr.expression);
    return base === undefined ? undefined : `${base}.${expr.name.text}`;
  }
  if (ts.isElementAccessExpression(expr)) {
    const base = arrayKey(ctx, expr.expression);
    const index = constantValue(ctx, expr.argumentExpression);
    return base === undefined || index === undefined ? undefined : `${base}[${index}]`;
  }
  return undefined;
}

/** True when a member path (`t.cells`, `a.b.c`) starts from a parameter or local that its function
 *  assigns somewhere: the path may then denote different objects at different points. */
export function hasRepointedBase(ctx: Context, expr: ts.Expression): boolean {
  let base = skipOuter(expr);
  while (ts.isPropertyAccessExpression(base) || ts.isElementAccessExpression(base))
    base = skipOuter(base.expression);
  if (!ts.isIdentifier(base)) return false;
  const decl = declarationOf(ctx, base);
  if (decl === undefined || !(ts.isParameter(decl) || ts.isVariableDeclaration(decl))) return false;
  const fn = ts.findAncestor(decl, ts.isFunctionLike);
  if (fn === undefined || !('body' in fn) || fn.body === undefined) return false;
  return isAssignedIn(ctx, decl, fn.body);
}

/** True when `name` is assigned (or incremented) anywhere inside `node`. */
export function isAssignedIn(ctx: Context, decl: ts.Declaration, node: ts.Node): boolean {
  let assigned = false;
  const visit = (n: ts.Node): void => {
    if (assigned) return;
    let target: ts.Expression | undefined;
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    )
      target = n.left;
    else if (
      (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
      (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)
    )
      target = n.operand;
    if (
      target !== undefined &&
      ts.isIdentifier(skipOuter(target)) &&
      declarationOf(ctx, skipOuter(target)) === decl
    )
      assigned = true;
    ts.forEachChild(n, visit);
  };
  visit(node);
  return assigned;
}

/** For the variable of a counting `for` loop used inside its body, the loop's bound. */
export interface LoopBound {
  loop: ts.ForStatement;
  /** Exclusive upper bound when it is a constant. */
  limit?: number;
  /** Key of the array whose `.length` bounds the loop. */
  arrayKey?: string;
  /** Length of that array when it is fixed at compile time. */
  arrayLength?: number;
}

/** Recognises `for (let i: T = init; i < bound; i++)` with `i` not assigned in the body. */
export function countingLoop(
  ctx: Context,
  typeOf: TypeOf,
  decl: ts.VariableDeclaration,
): LoopBound | undefined {
  const list = decl.parent;
  if (
    !ts.isVariableDeclarationList(list) ||
    !ts.isForStatement(list.parent) ||
    list.declarations.length !== 1
  )
    return undefined;
  const loop = list.parent;
  const cond = loop.condition;
  const inc = loop.incrementor;
  if (cond === undefined || inc === undefined || !ts.isBinaryExpression(cond)) return undefined;
  if (cond.operatorToken.kind !== ts.SyntaxKind.LessThanToken) return undefined;
  if (!ts.isIdentifier(cond.left) || declarationOf(ctx, cond.left) !== decl) return undefined;
  const isIncrement =
    (ts.isPostfixUnaryExpression(inc) || ts.isPrefixUnaryExpression(inc)) &&
    inc.operator === ts.SyntaxKind.PlusPlusToken &&
    ts.isIdentifier(inc.operand) &&
    declarationOf(ctx, inc.operand) === decl;
  if (!isIncrement) return undefined;
  if (isAssignedIn(ctx, decl, loop.statement)) return undefined;
  const bound = skipOuter(cond.right);
  const limit = constantValue(ctx, bound);
  if (limit !== undefined) return { loop, limit };
  if (ts.isIdentifier(bound)) {
    // A const local bound keeps its proven interval (`const n = x & 15` bounds i by 15).
    const b = typeOf(ctx, bound);
    const decl = declarationOf(ctx, bound);
    if (
      b.type.kind === 'int' &&
      !b.unwrapped &&
      decl !== undefined &&
      ts.isVariableDeclaration(decl) &&
      isConstBinding(decl)
    )
      return { loop, limit: b.max };
    // A parameter the loop never assigns: the same bound on every test, within its type's interval.
    if (
      b.type.kind === 'int' &&
      !b.unwrapped &&
      decl !== undefined &&
      ts.isParameter(decl) &&
      !isAssignedIn(ctx, decl, loop)
    )
      return { loop, limit: b.max };
  }
  if (ts.isPropertyAccessExpression(bound) && bound.name.text === 'length') {
    const key = arrayKey(ctx, bound.expression);
    const arrayType = typeOf(ctx, bound.expression).type;
    if (key !== undefined) {
      const result: LoopBound = { loop, arrayKey: key };
      if (arrayType.kind === 'array' && arrayType.length !== null) result.arrayLength = arrayType.length;
      return result;
    }
  }
  return undefined;
}

/** The largest value a local or parameter can hold where it is read inside the then-branch of an
 *  `if` whose condition (or one `&&` operand of it) compares it against a bound: `x < B` or `B > x`
 *  (x <= max(B) - 1), `x <= B` or `B >= x` (x <= max(B)). B is a constant, the length of a fixed-length
 *  array, or an integer expression with a proven interval. Holds only when the variable is not assigned
 *  anywhere in that `if` statement; module variables are never narrowed (a call may change them). */
export function guardedMaximum(
  ctx: Context,
  typeOf: TypeOf,
  use: ts.Identifier,
  decl: ts.Declaration,
): number | undefined {
  const local =
    ts.isParameter(decl) ||
    (ts.isVariableDeclaration(decl) && ts.findAncestor(decl, ts.isFunctionLike) !== undefined);
  if (!local) return undefined;
  let best: number | undefined;
  let child: ts.Node = use;
  for (let node = use.parent; node !== undefined; child = node, node = node.parent) {
    if (ts.isFunctionLike(node)) break;
    if (!ts.isIfStatement(node) || child !== node.thenStatement) continue;
    if (isAssignedIn(ctx, decl, node)) continue;
    for (const term of conjunctionTerms(node.expression)) {
      const bound = comparisonBound(ctx, typeOf, term, decl);
      if (bound !== undefined && (best === undefined || bound < best)) best = bound;
    }
  }
  return best;
}

function conjunctionTerms(expr: ts.Expression): ts.Expression[] {
  const e = skipOuter(expr);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
    return [...conjunctionTerms(e.left), ...conjunctionTerms(e.right)];
  return [e];
}

/** For `x < B`, `x <= B`, `B > x`, `B >= x` with x the declaration `decl`: the largest x can be. */
function comparisonBound(
  ctx: Context,
  typeOf: TypeOf,
  term: ts.Expression,
  decl: ts.Declaration,
): number | undefined {
  if (!ts.isBinaryExpression(term)) return undefined;
  const isVariable = (e: ts.Expression): boolean => {
    const inner = skipOuter(e);
    return ts.isIdentifier(inner) && declarationOf(ctx, inner) === decl;
  };
  let strict: boolean;
  let bound: ts.Expression;
  const op = term.operatorToken.kind;
  if (isVariable(term.left) && op === ts.SyntaxKind.LessThanToken) [strict, bound] = [true, term.right];
  else if (isVariable(term.left) && op === ts.SyntaxKind.LessThanEqualsToken)
    [strict, bound] = [false, term.right];
  else if (isVariable(term.right) && op === ts.SyntaxKind.GreaterThanToken)
    [strict, bound] = [true, term.left];
  else if (isVariable(term.right) && op === ts.SyntaxKind.GreaterThanEqualsToken)
    [strict, bound] = [false, term.left];
  else return undefined;
  const max = upperBoundOf(ctx, typeOf, bound);
  if (max === undefined) return undefined;
  return strict ? Math.ceil(max) - 1 : Math.floor(max);
}

/** The largest value an integer bound expression can have: a constant, the length of a fixed-length
 *  array, or the maximum of a proven canonical interval. */
function upperBoundOf(ctx: Context, typeOf: TypeOf, expr: ts.Expression): number | undefined {
  const e = skipOuter(expr);
  const value = constantValue(ctx, e);
  if (value !== undefined) return Number.isFinite(value) ? value : undefined;
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'length') {
    const array = typeOf(ctx, e.expression).type;
    if (array.kind === 'array' && array.length !== null) return array.length;
  }
  const i = typeOf(ctx, e);
  if (isError(i) || i.unwrapped || (i.type.kind !== 'int' && i.type.kind !== 'literal')) return undefined;
  return i.max;
}

/** The smallest value an integer bound expression can have: a constant, the length of a fixed-length
 *  array, or the minimum of a proven canonical interval. The length of an array whose length is not
 *  fixed (a parameter, a field of unknown size) can be 0: no index is below it for sure. */
export function lowerBoundOf(ctx: Context, typeOf: TypeOf, expr: ts.Expression): number | undefined {
  const e = skipOuter(expr);
  const value = constantValue(ctx, e);
  if (value !== undefined) return Number.isFinite(value) ? value : undefined;
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'length') {
    const array = typeOf(ctx, e.expression).type;
    if (array.kind === 'array') return array.length ?? 0;
  }
  const i = typeOf(ctx, e);
  if (isError(i) || i.unwrapped || (i.type.kind !== 'int' && i.type.kind !== 'literal')) return undefined;
  return i.min;
}

/** Whether `node` lies inside `container` (by source position). */
export function isInside(node: ts.Node, container: ts.Node): boolean {
  return (
    node.pos >= container.pos &&
    node.end <= container.end &&
    node.getSourceFile() === container.getSourceFile()
  );
}
