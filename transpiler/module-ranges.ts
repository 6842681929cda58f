// Range analysis, module variables: a module-level `let` of an integer type is written only by code of
// its own file (an ES module exports read-only bindings, and the subset has no closures and no pointers
// to variables), so every value it can hold is its initializer or the value of an assignment in that
// file. When all of those have proven intervals, every read of the variable gets their union: a plan
// index that is only ever assigned checked plan numbers indexes the plan table without a check. A
// compound assignment or an increment of the variable, or a value that depends on the variable's own
// range, leaves it the full range of its type.
import ts from 'typescript';
import type { Context, ModuleVariableRange } from './context.ts';
import type { TypeOf } from './expr-info.ts';
import { declarationOf, skipOuter } from './resolve.ts';

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
export function moduleVariableRange(
  ctx: Context,
  typeOf: TypeOf,
  decl: ts.VariableDeclaration,
): ModuleVariableRange | undefined {
  const known = ctx.moduleVariableRanges;
  const cached = known.get(decl);
  if (cached === 'in progress') return undefined;
  if (cached !== undefined) return cached ?? undefined;
  known.set(decl, 'in progress');
  const range = computeRange(ctx, typeOf, decl);
  known.set(decl, range ?? null);
  return range;
}

function computeRange(
  ctx: Context,
  typeOf: TypeOf,
  decl: ts.VariableDeclaration,
): ModuleVariableRange | undefined {
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
    const i = typeOf(ctx, value);
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
