// Range analysis, checked windows: a statement `checkRange(start, count, a.length)` fails unless every index from
// `start` to `start + count - 1` is below `a.length`. Once it has run, the statements after it in the
// same block can index `a` anywhere in that window without a check of their own: this file proves an
// access `a[i]` from such a statement. The index must be `start + e` (a sum, possibly inside `u32(...)`
// or through `const` locals) with `0 <= e < count` by its interval, or with `e` the variable of a
// counting loop `for (...; e < count; e++)`. `start`, `count` and `a` must be constants, parameters or
// locals that the function never assigns, so their values at the access are the checked ones. The sum
// cannot wrap: it stays below `a.length`, so C's uint32_t arithmetic and JavaScript agree on it.
import ts from 'typescript';
import type { Context } from './context.ts';
import type { TypeOf } from './expr-info.ts';
import {
  constantValue,
  declarationOf,
  isConstBinding,
  isModuleConst,
  runtimeExportName,
  skipOuter,
} from './resolve.ts';
import { arrayKey, countingLoop, isAssignedIn } from './variable-bounds.ts';

/** True when a `checkRange` statement before `use` proves `indexExpr` .. `indexExpr + extent` below the
 *  length of `arrayExpr` (`extent` 0 for one element; 3 for a 32-bit byte-order load). */
export function provenByRangeCheck(
  ctx: Context,
  typeOf: TypeOf,
  use: ts.Node,
  arrayExpr: ts.Expression,
  indexExpr: ts.Expression,
  extent = 0,
): boolean {
  const fn = ts.findAncestor(use, ts.isFunctionLike);
  if (fn === undefined || !('body' in fn) || fn.body === undefined || !ts.isBlock(fn.body)) return false;
  const body = fn.body;
  const array = skipOuter(arrayExpr);
  if (!ts.isIdentifier(array) || !(isFixedIn(ctx, array, fn, body) || isModuleArray(ctx, array)))
    return false;
  const key = arrayKey(ctx, array);
  if (key === undefined) return false;
  for (let node: ts.Node = use; node !== body; node = node.parent) {
    const list = statementList(node.parent);
    if (list === undefined) continue;
    for (const statement of list) {
      if (statement === node) break;
      const check = rangeCheckOf(ctx, statement);
      if (check === undefined) continue;
      const length = skipOuter(check.length);
      if (!ts.isPropertyAccessExpression(length) || length.name.text !== 'length') continue;
      if (arrayKey(ctx, length.expression) !== key) continue;
      if (covers(ctx, typeOf, fn, body, use, check.start, check.count, indexExpr, extent)) return true;
    }
  }
  return false;
}

interface RangeCheck {
  start: ts.Expression;
  count: ts.Expression;
  length: ts.Expression;
}

function rangeCheckOf(ctx: Context, statement: ts.Statement): RangeCheck | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const call = skipOuter(statement.expression);
  if (!ts.isCallExpression(call) || call.arguments.length !== 3) return undefined;
  if (runtimeExportName(ctx, call.expression) !== 'checkRange') return undefined;
  const [start, count, length] = call.arguments as unknown as [ts.Expression, ts.Expression, ts.Expression];
  return { start, count, length };
}

function statementList(node: ts.Node): readonly ts.Statement[] | undefined {
  if (ts.isBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) return node.statements;
  return undefined;
}

/** A parameter or local of `fn` that `fn` never assigns. */
function isFixedIn(
  ctx: Context,
  id: ts.Identifier,
  fn: ts.SignatureDeclaration,
  body: ts.Block,
): ts.Declaration | undefined {
  const decl = declarationOf(ctx, id);
  if (decl === undefined) return undefined;
  const owned = ts.isParameter(decl)
    ? decl.parent === fn
    : ts.isVariableDeclaration(decl) && ts.findAncestor(decl, ts.isFunctionLike) === fn;
  if (!owned || isAssignedIn(ctx, decl, body)) return undefined;
  return decl;
}

/** A module-level `const` array: always the same array, of a fixed length. */
function isModuleArray(ctx: Context, id: ts.Identifier): boolean {
  const decl = declarationOf(ctx, id);
  return decl !== undefined && ts.isVariableDeclaration(decl) && isModuleConst(decl);
}

/** Whether `index` is `start + e` with `e` inside the checked window of `count` indexes. */
function covers(
  ctx: Context,
  typeOf: TypeOf,
  fn: ts.SignatureDeclaration,
  body: ts.Block,
  use: ts.Node,
  start: ts.Expression,
  count: ts.Expression,
  index: ts.Expression,
  extent: number,
): boolean {
  const startValue = constantValue(ctx, start);
  let startDecl: ts.Declaration | undefined;
  if (startValue === undefined) {
    const s = skipOuter(start);
    startDecl = ts.isIdentifier(s) ? isFixedIn(ctx, s, fn, body) : undefined;
    if (startDecl === undefined) return false;
  }
  const sum = decompose(ctx, index, startDecl);
  if (sum === undefined || sum.bases !== (startDecl === undefined ? 0 : 1)) return false;
  const offsets = sum.terms.map((t) => typeOf(ctx, t));
  if (offsets.some((o) => o.unwrapped || (o.type.kind !== 'int' && o.type.kind !== 'literal') || o.min < 0))
    return false;
  const low = offsets.reduce((acc, o) => acc + o.min, 0) - (startValue ?? 0);
  const high = offsets.reduce((acc, o) => acc + o.max, 0) - (startValue ?? 0);
  if (low < 0) return false;
  const countValue = constantValue(ctx, count);
  if (countValue !== undefined) return high + extent <= countValue - 1;
  // A count that is not constant: the offset must be a counting loop's variable bounded by it.
  const c = skipOuter(count);
  const countDecl = ts.isIdentifier(c) ? isFixedIn(ctx, c, fn, body) : undefined;
  if (countDecl === undefined || sum.terms.length !== 1 || startValue !== undefined || extent !== 0)
    return false;
  return isLoopBoundedBy(ctx, typeOf, sum.terms[0], countDecl, use);
}

/** `term` is the variable of a counting loop `for (...; v < n; v++)` with `n` declared by `countDecl`,
 *  read inside that loop's body. */
function isLoopBoundedBy(
  ctx: Context,
  typeOf: TypeOf,
  term: ts.Expression,
  countDecl: ts.Declaration,
  use: ts.Node,
): boolean {
  const t = skipOuter(term);
  if (!ts.isIdentifier(t)) return false;
  const decl = declarationOf(ctx, t);
  if (decl === undefined || !ts.isVariableDeclaration(decl)) return false;
  const loop = countingLoop(ctx, typeOf, decl);
  if (loop === undefined || !isWithin(use, loop.loop.statement)) return false;
  const cond = loop.loop.condition;
  if (cond === undefined || !ts.isBinaryExpression(cond)) return false;
  const bound = skipOuter(cond.right);
  if (!ts.isIdentifier(bound) || declarationOf(ctx, bound) !== countDecl) return false;
  const init = decl.initializer === undefined ? undefined : typeOf(ctx, decl.initializer);
  return init !== undefined && !init.unwrapped && init.min >= 0;
}

function isWithin(node: ts.Node, container: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n !== undefined; n = n.parent) if (n === container) return true;
  return false;
}

interface Sum {
  /** How many times the checked start appears as a term. */
  bases: number;
  /** The other terms. */
  terms: ts.Expression[];
}

/** Splits an index into the checked start (`base`) and the other terms of a sum, looking through
 *  `u32(...)`, parentheses and `const` locals. */
function decompose(ctx: Context, expr: ts.Expression, base: ts.Declaration | undefined): Sum | undefined {
  const e = skipOuter(expr);
  if (ts.isCallExpression(e) && e.arguments.length === 1 && runtimeExportName(ctx, e.expression) === 'u32')
    return decompose(ctx, e.arguments[0], base);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = decompose(ctx, e.left, base);
    const r = decompose(ctx, e.right, base);
    if (l === undefined || r === undefined) return undefined;
    return { bases: l.bases + r.bases, terms: [...l.terms, ...r.terms] };
  }
  if (ts.isIdentifier(e) && base !== undefined) {
    const decl = declarationOf(ctx, e);
    if (decl === base) return { bases: 1, terms: [] };
    if (
      decl !== undefined &&
      ts.isVariableDeclaration(decl) &&
      decl.initializer !== undefined &&
      isLocalConst(decl)
    ) {
      const inner = decompose(ctx, decl.initializer, base);
      if (inner !== undefined && inner.bases > 0) return inner;
    }
  }
  return { bases: 0, terms: [e] };
}

/** A `const` binding inside a function (one value wherever it is read). */
function isLocalConst(decl: ts.VariableDeclaration): boolean {
  return isConstBinding(decl) && ts.findAncestor(decl, ts.isFunctionLike) !== undefined;
}
