// Stage 3a, module variable ranges: a module-level `let` of an integer type is written only by code of
// its own file (an ES module exports read-only bindings, and the subset has no closures and no pointers
// to variables), so every value it can hold is its initializer or the value of an assignment in that
// file. When all of those have proven intervals, every read of the variable gets their union: a plan
// index that is only ever assigned checked plan numbers indexes the plan table without a check. A
// compound assignment or an increment of the variable, or a value that depends on the variable's own
// range, leaves it the full range of its type.
import ts from 'typescript';
import type { Context } from './context.ts';
import { declarationOf, skipOuter } from './resolve.ts';
import { typeExpr } from './typing.ts';

type Range = readonly [min: number, max: number];

/** Per context: the range of each module variable (null: its type's full range), or IN_PROGRESS. */
const ranges = new WeakMap<Context, Map<ts.VariableDeclaration, Range | null | typeof IN_PROGRESS>>();
const IN_PROGRESS = Symbol('in progress');

/** True for a `let` declared at the top level of a module. */
export function isModuleLet(decl: ts.Declaration): decl is ts.VariableDeclaration {
  if (!ts.isVariableDeclaration(decl)) return false;
  const list = decl.parent;
  return (
    ts.isVariableDeclarationList(list) &&
    (list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Using)) === 0 &&
    ts.isVariableStatement(list.parent) &&
    ts.isSourceFile(list.parent.parent)
  );
}

/** The interval of every value the module variable `decl` can hold, or undefined when not proven. */
export function moduleVariableRange(ctx: Context, decl: ts.VariableDeclaration): Range | undefined {
  let known = ranges.get(ctx);
  if (known === undefined) {
    known = new Map();
    ranges.set(ctx, known);
  }
  const cached = known.get(decl);
  if (cached === IN_PROGRESS) return undefined;
  if (cached !== undefined) return cached ?? undefined;
  known.set(decl, IN_PROGRESS);
  const range = computeRange(ctx, decl);
  known.set(decl, range ?? null);
  return range;
}

function computeRange(ctx: Context, decl: ts.VariableDeclaration): Range | undefined {
  if (decl.initializer === undefined) return undefined;
  const values: ts.Expression[] = [decl.initializer];
  let proven = true;
  const visit = (node: ts.Node): void => {
    if (!proven) return;
    if (
      ts.isBinaryExpression(node) &&
      isAssignment(node.operatorToken.kind) &&
      writes(ctx, node.left, decl)
    ) {
      if (node.operatorToken.kind === ts.SyntaxKind.EqualsToken) values.push(node.right);
      else proven = false;
    } else if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) &&
      writes(ctx, node.operand, decl)
    ) {
      proven = false;
    } else if (
      (ts.isForOfStatement(node) || ts.isForInStatement(node)) &&
      !ts.isVariableDeclarationList(node.initializer) &&
      writes(ctx, node.initializer, decl)
    ) {
      proven = false; // a loop writing the variable (rejected by the subset, never proven here)
    }
    ts.forEachChild(node, visit);
  };
  visit(decl.getSourceFile());
  if (!proven) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    const i = typeExpr(ctx, value);
    if (i.unwrapped || (i.type.kind !== 'int' && i.type.kind !== 'literal')) return undefined;
    min = Math.min(min, i.min);
    max = Math.max(max, i.max);
  }
  return [min, max];
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function writes(ctx: Context, target: ts.Expression, decl: ts.VariableDeclaration): boolean {
  const t = skipOuter(target);
  return ts.isIdentifier(t) && declarationOf(ctx, t) === decl;
}
