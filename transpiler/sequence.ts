// Stage 5c, evaluation order: JavaScript evaluates operands, arguments, receivers and assignment targets
// left to right; C leaves that order unspecified. When a statement calls a function (which may change
// state) after evaluating something that reads state or calls, the earlier operands are evaluated into
// `const` temporaries first, in JavaScript order, so both executions observe the same values. This file
// decides which subexpressions need a temporary; the emitter writes them.
import ts from 'typescript';
import type { Context } from './context.ts';
import { calleeOf, declarationOf, externSymbol, isModuleConst, skipOuter } from './resolve.ts';
import { typeExpr } from './typing.ts';

const PURE_RUNTIME = new Set([
  'u8',
  'u16',
  'u32',
  'i8',
  'i16',
  'i32',
  'f32',
  'f64',
  'mul',
  'mulHigh',
  'div',
  'rem',
  'checkIndex',
  'checkRange',
  'loadU16BE',
  'loadU16LE',
  'loadU32BE',
  'loadU32LE',
]);

/** True for calls that may have side effects: externs, MMIO, and subset functions or methods that
 *  write anything but their own locals or call such functions. */
function isImpureCall(ctx: Context, node: ts.Node): boolean {
  if (!ts.isCallExpression(node)) return false;
  const callee = calleeOf(ctx, node);
  if (callee === undefined) return true;
  if (callee.kind === 'math') return false;
  if (callee.kind === 'runtime') return !PURE_RUNTIME.has(callee.name);
  return !isPureFunction(ctx, callee.decl);
}

const purity = new WeakMap<ts.Node, boolean>();

/** A function without side effects: it assigns only its locals and parameters and calls only pure
 *  functions (the call graph is acyclic, so the recursion terminates). */
function isPureFunction(ctx: Context, fn: ts.FunctionDeclaration | ts.MethodDeclaration): boolean {
  const known = purity.get(fn);
  if (known !== undefined) return known;
  purity.set(fn, false); // guards against cycles in programs that are being rejected anyway
  let pure = fn.body !== undefined && !(ts.isFunctionDeclaration(fn) && externSymbol(fn) !== undefined);
  const visit = (n: ts.Node): void => {
    if (!pure) return;
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    ) {
      const target = skipOuter(n.left);
      const decl = ts.isIdentifier(target) ? declarationOf(ctx, target) : undefined;
      const local =
        decl !== undefined &&
        (ts.isParameter(decl) ||
          (ts.isVariableDeclaration(decl) && !ts.isSourceFile(decl.parent.parent.parent)));
      if (!local) pure = false;
    }
    if (isImpureCall(ctx, n)) pure = false;
    ts.forEachChild(n, visit);
  };
  if (fn.body !== undefined) visit(fn.body);
  purity.set(fn, pure);
  return pure;
}

/** True when evaluating `node` may have a side effect (a call to an impure function, extern or MMIO). */
export function containsImpureCall(ctx: Context, node: ts.Node): boolean {
  if (isImpureCall(ctx, node)) return true;
  return ts.forEachChild(node, (c) => (containsImpureCall(ctx, c) ? true : undefined)) ?? false;
}

/** True when the value of `node` can change when a function is called: it reads a field, an array
 *  element or a module variable, or calls something. Parameters and locals cannot be changed by a
 *  callee (there are no closures and no pointers to locals). */
function readsState(ctx: Context, node: ts.Node): boolean {
  if (isImpureCall(ctx, node)) return true;
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const decl = declarationOf(ctx, node);
    if (
      decl !== undefined &&
      (ts.isEnumMember(decl) ||
        (ts.isPropertyDeclaration(decl) &&
          (ts.getModifiers(decl) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword)))
    )
      return false;
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'length') return false;
    return true;
  }
  if (ts.isIdentifier(node)) {
    const decl = declarationOf(ctx, node);
    return (
      decl !== undefined &&
      ts.isVariableDeclaration(decl) &&
      ts.isSourceFile(decl.parent.parent.parent) &&
      !isModuleConst(decl)
    );
  }
  return ts.forEachChild(node, (c) => (readsState(ctx, c) ? true : undefined)) ?? false;
}

/** The operands of `node` in JavaScript evaluation order, or undefined when `node` evaluates them
 *  conditionally or is a leaf (those are kept whole). */
function operands(ctx: Context, node: ts.Expression): ts.Expression[] | undefined {
  const e = node;
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e))
    return [e.expression];
  if (ts.isCallExpression(e)) {
    const callee = calleeOf(ctx, e);
    const receiver = callee !== undefined && callee.kind === 'method' ? [callee.object] : [];
    return [...receiver, ...e.arguments];
  }
  // Only the first operand of `?:`, `&&` and `||` is evaluated unconditionally.
  if (ts.isConditionalExpression(e)) return [e.condition];
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) return [e.left];
    if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) {
      // A compound assignment also reads the target's value before evaluating the right side.
      const target = skipOuter(e.left);
      const read = op === ts.SyntaxKind.EqualsToken ? [] : [target];
      if (ts.isElementAccessExpression(target))
        return [target.expression, target.argumentExpression, ...read, e.right];
      if (ts.isPropertyAccessExpression(target)) return [target.expression, ...read, e.right];
      return [...read, e.right];
    }
    return [e.left, e.right];
  }
  if (ts.isElementAccessExpression(e)) return [e.expression, e.argumentExpression];
  if (ts.isPropertyAccessExpression(e)) {
    const decl = declarationOf(ctx, e.expression);
    return decl !== undefined && (ts.isEnumDeclaration(decl) || ts.isClassDeclaration(decl))
      ? undefined
      : [e.expression];
  }
  if (ts.isPrefixUnaryExpression(e)) return [e.operand];
  return undefined;
}

/** The subexpressions of a statement's expression to evaluate into temporaries, in order. */
export function temporariesFor(ctx: Context, root: ts.Expression): ts.Expression[] {
  const out: ts.Expression[] = [];
  if (!containsImpureCall(ctx, root)) return out;
  const visit = (node: ts.Expression): void => {
    const children = operands(ctx, node);
    if (children === undefined) return;
    children.forEach((child, index) => {
      visit(child);
      const later = children.slice(index + 1).some((c) => containsImpureCall(ctx, c));
      if (!later || !readsState(ctx, child) || out.includes(child)) return;
      const type = typeExpr(ctx, child).type;
      if (
        type.kind === 'array' ||
        type.kind === 'literal' ||
        type.kind === 'void' ||
        type.kind === 'null' ||
        type.kind === 'cstr'
      )
        return;
      out.push(child);
    });
  };
  visit(root);
  return out;
}
