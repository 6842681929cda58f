// Stage 3a, typing: gives every expression a subset type and the interval of values JavaScript can
// produce for it, and applies the wrapping rule (docs/TS-SUBSET.md §3). An integer expression whose
// interval leaves its type's canonical range is "unwrapped": it may only flow into a conversion or into
// another modular operator (+ - * & | ^ ~ << >> >>>), whose C computation in uint32_t agrees with
// JavaScript modulo 2^32 as long as intermediate values stay exact (below 2^53). Array indexes are
// proven here too. Results are cached in the context and reused by the emitter.
import ts from 'typescript';
import type { Context } from './context.ts';
import { Diagnostics } from './diagnostics.ts';
import {
  constantValue,
  declarationOf,
  declaredType,
  enumMemberValue,
  isLibraryDeclaration,
  isModuleConst,
  isStaticReadonly,
  runtimeExportName,
  setInitializerTyper,
  skipOuter,
  foldBinary,
} from './resolve.ts';
import { isRuntimeFile } from './load.ts';
import { isModuleLet, moduleVariableRange } from './module-ranges.ts';
import { provenByRangeCheck } from './range-facts.ts';
import {
  BOOL,
  CSTR,
  F64,
  INT,
  INT_INFO,
  NULL,
  VOID,
  intTypeHolding,
  sameType,
  typeName,
  widensTo,
  type IntName,
  type SubsetType,
} from './types.ts';

export interface ExprInfo {
  type: SubsetType;
  /** Interval of the JavaScript value (integers and integer constants). */
  min: number;
  max: number;
  /** The value can leave the canonical range of `type` (must be wrapped by a conversion). */
  unwrapped: boolean;
  /** Folded constant value, when the expression is constant. */
  constant?: number;
  /** For loop indexes bounded by an array's length: the key of that array. */
  boundedBy?: string;
  /** True when the expression is a string literal. */
  stringLiteral?: boolean;
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const EXACT = 2 ** 53;

const CONVERSIONS = new Set(['u8', 'u16', 'u32', 'i8', 'i16', 'i32', 'f32', 'f64']);

function info(type: SubsetType, extra: Partial<ExprInfo> = {}): ExprInfo {
  if (type.kind === 'int') {
    const r = INT_INFO[type.name];
    return { type, min: r.min, max: r.max, unwrapped: false, ...extra };
  }
  return { type, min: 0, max: 0, unwrapped: false, ...extra };
}

function literalInfo(value: number): ExprInfo {
  return { type: { kind: 'literal', value }, min: value, max: value, unwrapped: false, constant: value };
}

const ERROR: ExprInfo = { type: VOID, min: 0, max: 0, unwrapped: false };

function isError(i: ExprInfo): boolean {
  return i === ERROR;
}

/** Interval-typed int result: unwrapped when the interval leaves the type's range. */
function intResult(name: IntName, min: number, max: number, extra: Partial<ExprInfo> = {}): ExprInfo {
  const r = INT_INFO[name];
  return { type: INT(name), min, max, unwrapped: min < r.min || max > r.max, ...extra };
}

// ---- entry points --------------------------------------------------------------------------------------

/** Types an expression (cached). Reports subset errors on the way. */
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

/** BH1201/BH1208 for an unwrapped value; the advice names the conversion to the destination's type when
 *  the value goes into one (an i16 product returned as i32: `i32(...)`, which keeps the exact value;
 *  `i16(...)` would truncate it). */
function reportUnwrapped(ctx: Context, expr: ts.Expression, i: ExprInfo, destination?: SubsetType): void {
  if (i.type.kind === 'float') ctx.report(expr, Diagnostics.FloatUnwrapped);
  else {
    const advice = destination?.kind === 'int' ? destination.name : typeName(i.type);
    ctx.report(expr, Diagnostics.Unwrapped, 'integer', typeName(i.type), advice);
  }
}

/** Checks that `expr` can be used where a value of type `expected` is required (assignment, argument,
 *  return, initializer) and records the type a constant takes there. */
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
  if (ts.isIdentifier(expr)) return typeIdentifier(ctx, expr);
  if (ts.isPropertyAccessExpression(expr)) return typePropertyAccess(ctx, expr);
  if (ts.isElementAccessExpression(expr)) return typeElementAccess(ctx, expr);
  if (ts.isCallExpression(expr)) return typeCall(ctx, expr);
  if (ts.isBinaryExpression(expr)) return typeBinary(ctx, expr);
  if (ts.isPrefixUnaryExpression(expr)) return typePrefix(ctx, expr);
  if (ts.isPostfixUnaryExpression(expr)) {
    ctx.report(
      expr,
      Diagnostics.IncrementOutsideFor,
      expr.operator === ts.SyntaxKind.PlusPlusToken ? '++' : '--',
      'u32',
    );
    return ERROR;
  }
  if (ts.isConditionalExpression(expr)) return typeConditional(ctx, expr);
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

function enclosingClass(node: ts.Node): ts.ClassDeclaration | undefined {
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n)) return undefined;
    if (ts.isMethodDeclaration(n) || ts.isConstructorDeclaration(n) || ts.isPropertyDeclaration(n)) {
      return ts.isClassDeclaration(n.parent) ? n.parent : undefined;
    }
  }
  return undefined;
}

function typeThis(ctx: Context, expr: ts.Expression): ExprInfo {
  const cls = enclosingClass(expr);
  if (cls === undefined) {
    ctx.report(expr, Diagnostics.ThisOutsideMethod);
    return ERROR;
  }
  const parent = expr.parent;
  if (!ts.isPropertyAccessExpression(parent) || parent.expression !== expr) {
    // `this` passed as a value is a pointer to the object: allowed inside methods.
    const method = ts.findAncestor(expr, ts.isMethodDeclaration);
    if (method === undefined) {
      ctx.report(expr, Diagnostics.ThisOutsideMethod);
      return ERROR;
    }
  }
  return info({ kind: 'class', decl: cls, nullable: false });
}

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
export function countingLoop(ctx: Context, decl: ts.VariableDeclaration): LoopBound | undefined {
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
    const b = typeExpr(ctx, bound);
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
    const arrayType = typeExpr(ctx, bound.expression).type;
    if (key !== undefined) {
      const result: LoopBound = { loop, arrayKey: key };
      if (arrayType.kind === 'array' && arrayType.length !== null) result.arrayLength = arrayType.length;
      return result;
    }
  }
  return undefined;
}

function typeIdentifier(ctx: Context, expr: ts.Identifier): ExprInfo {
  if (expr.text === 'undefined' || expr.text === 'NaN' || expr.text === 'Infinity') {
    ctx.report(expr, Diagnostics.UnsupportedSyntax, expr.text);
    return ERROR;
  }
  const decl = declarationOf(ctx, expr);
  if (decl === undefined) {
    ctx.report(expr, Diagnostics.UntypedExpression, expr.text);
    return ERROR;
  }
  if (isRuntimeFile(decl.getSourceFile())) {
    ctx.report(expr, Diagnostics.FunctionValue, expr.text);
    return ERROR;
  }
  if (isLibraryDeclaration(ctx, decl)) {
    if (['Map', 'Set', 'WeakMap', 'WeakSet'].includes(expr.text))
      ctx.report(expr, Diagnostics.Collection, expr.text);
    else if (expr.text === 'Date') ctx.report(expr, Diagnostics.DateObject);
    else if (['globalThis', 'eval', 'Function'].includes(expr.text))
      ctx.report(expr, Diagnostics.DynamicGlobal, expr.text);
    else ctx.report(expr, Diagnostics.HostApi, expr.text);
    return ERROR;
  }
  if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) {
    ctx.report(expr, Diagnostics.FunctionValue, expr.text);
    return ERROR;
  }
  if (ts.isClassDeclaration(decl) || ts.isEnumDeclaration(decl) || ts.isInterfaceDeclaration(decl)) {
    ctx.report(expr, Diagnostics.UnsupportedSyntax, `'${expr.text}' used as a value`);
    return ERROR;
  }
  if (ts.isVariableDeclaration(decl) || ts.isParameter(decl)) {
    if (
      ts.isVariableDeclaration(decl) &&
      decl.type === undefined &&
      decl.initializer !== undefined &&
      isModuleConst(decl)
    ) {
      const value = constantValue(ctx, decl.initializer);
      if (value !== undefined && isLiteralConstant(ctx, decl.initializer)) return literalInfo(value);
    }
    const type = declaredType(ctx, decl);
    if (type === null) {
      if (ts.isParameter(decl) && decl.type === undefined)
        ctx.report(decl, Diagnostics.MissingAnnotation, expr.text);
      return ERROR;
    }
    const result = info(narrowed(ctx, expr, type));
    if (
      ts.isVariableDeclaration(decl) &&
      type.kind === 'int' &&
      decl.initializer !== undefined &&
      isConstBinding(decl)
    ) {
      // A const binding keeps the interval its initializer proved (masks, shifts, conversions).
      const init = typeExpr(ctx, decl.initializer);
      if (!init.unwrapped && (init.type.kind === 'int' || init.type.kind === 'literal')) {
        result.min = Math.max(result.min, init.min);
        result.max = Math.min(result.max, init.max);
        if (init.constant !== undefined && decl.type === undefined) result.constant = init.constant;
      }
    }
    if (type.kind === 'int' && isModuleLet(decl)) {
      // Every value a module variable can hold comes from its own file (transpiler/module-ranges.ts).
      const range = moduleVariableRange(ctx, decl);
      if (range !== undefined) {
        result.min = Math.max(result.min, range[0]);
        result.max = Math.min(result.max, range[1]);
      }
    }
    if (type.kind === 'int') {
      const guard = guardedMaximum(ctx, expr, decl);
      if (guard !== undefined) result.max = Math.min(result.max, guard);
    }
    if (ts.isVariableDeclaration(decl) && type.kind === 'int') {
      const loop = countingLoop(ctx, decl);
      if (loop !== undefined && isInside(expr, loop.loop.statement)) {
        const limit = loop.limit ?? loop.arrayLength;
        if (limit !== undefined) result.max = Math.min(result.max, limit - 1);
        if (loop.arrayKey !== undefined) result.boundedBy = loop.arrayKey;
        if (!INT_INFO[type.name].signed) result.min = 0;
        // The variable only counts up from its initializer, so the initializer's minimum holds in the
        // body too (`for (let t: u32 = 16; t < 64; t++)` indexes `w[t - 16]` without a check).
        const init = decl.initializer !== undefined ? typeExpr(ctx, decl.initializer) : undefined;
        if (
          init !== undefined &&
          !init.unwrapped &&
          (init.type.kind === 'int' || init.type.kind === 'literal')
        )
          result.min = Math.max(result.min, init.min);
      }
    }
    return result;
  }
  ctx.report(expr, Diagnostics.UntypedExpression, expr.text);
  return ERROR;
}

/** A `C | null` reference that TypeScript's flow analysis has narrowed to `C` here (after a null test). */
function narrowed(ctx: Context, expr: ts.Expression, type: SubsetType): SubsetType {
  if (type.kind !== 'class' || !type.nullable) return type;
  const tsType = ctx.checker.getTypeAtLocation(expr);
  const members = tsType.isUnion() ? tsType.types : [tsType];
  return members.some((m) => (m.flags & ts.TypeFlags.Null) !== 0) ? type : { ...type, nullable: false };
}

/** The largest value a local or parameter can hold where it is read inside the then-branch of an
 *  `if` whose condition (or one `&&` operand of it) compares it against a bound: `x < B` or `B > x`
 *  (x <= max(B) - 1), `x <= B` or `B >= x` (x <= max(B)). B is a constant, the length of a fixed-length
 *  array, or an integer expression with a proven interval. Holds only when the variable is not assigned
 *  anywhere in that `if` statement; module variables are never narrowed (a call may change them). */
function guardedMaximum(ctx: Context, use: ts.Identifier, decl: ts.Declaration): number | undefined {
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
      const bound = comparisonBound(ctx, term, decl);
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
function comparisonBound(ctx: Context, term: ts.Expression, decl: ts.Declaration): number | undefined {
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
  const max = upperBoundOf(ctx, bound);
  if (max === undefined) return undefined;
  return strict ? Math.ceil(max) - 1 : Math.floor(max);
}

/** The largest value an integer bound expression can have: a constant, the length of a fixed-length
 *  array, or the maximum of a proven canonical interval. */
export function upperBoundOf(ctx: Context, expr: ts.Expression): number | undefined {
  const e = skipOuter(expr);
  const value = constantValue(ctx, e);
  if (value !== undefined) return Number.isFinite(value) ? value : undefined;
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'length') {
    const array = typeExpr(ctx, e.expression).type;
    if (array.kind === 'array' && array.length !== null) return array.length;
  }
  const i = typeExpr(ctx, e);
  if (isError(i) || i.unwrapped || (i.type.kind !== 'int' && i.type.kind !== 'literal')) return undefined;
  return i.max;
}

/** The smallest value an integer bound expression can have: a constant, the length of a fixed-length
 *  array, or the minimum of a proven canonical interval. The length of an array whose length is not
 *  fixed (a parameter, a field of unknown size) can be 0: no index is below it for sure. */
export function lowerBoundOf(ctx: Context, expr: ts.Expression): number | undefined {
  const e = skipOuter(expr);
  const value = constantValue(ctx, e);
  if (value !== undefined) return Number.isFinite(value) ? value : undefined;
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'length') {
    const array = typeExpr(ctx, e.expression).type;
    if (array.kind === 'array') return array.length ?? 0;
  }
  const i = typeExpr(ctx, e);
  if (isError(i) || i.unwrapped || (i.type.kind !== 'int' && i.type.kind !== 'literal')) return undefined;
  return i.min;
}

function isConstBinding(decl: ts.VariableDeclaration): boolean {
  const list = decl.parent;
  return (
    ts.isVariableDeclarationList(list) &&
    (list.flags & ts.NodeFlags.Const) !== 0 &&
    !ts.isForOfStatement(list.parent)
  );
}

/** Module constants without annotation and with a purely numeric initializer are named constants. */
function isLiteralConstant(ctx: Context, init: ts.Expression): boolean {
  const e = skipOuter(init);
  if (ts.isCallExpression(e)) return false; // a conversion call gives the constant a type
  if (ts.isNumericLiteral(e) || ts.isPrefixUnaryExpression(e) || ts.isBinaryExpression(e)) return true;
  if (ts.isIdentifier(e)) {
    const decl = declarationOf(ctx, e);
    return (
      decl !== undefined &&
      ts.isVariableDeclaration(decl) &&
      decl.type === undefined &&
      decl.initializer !== undefined &&
      isLiteralConstant(ctx, decl.initializer)
    );
  }
  return false;
}

function isInside(node: ts.Node, container: ts.Node): boolean {
  return (
    node.pos >= container.pos &&
    node.end <= container.end &&
    node.getSourceFile() === container.getSourceFile()
  );
}

const ARRAY_METHODS_CHANGING = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'slice',
  'concat',
  'map',
  'filter',
  'fill',
  'set',
  'subarray',
  'sort',
  'reverse',
  'copyWithin',
]);

function typePropertyAccess(ctx: Context, expr: ts.PropertyAccessExpression): ExprInfo {
  if (expr.questionDotToken !== undefined) {
    ctx.report(expr, Diagnostics.OptionalChaining);
    return ERROR;
  }
  if (ts.isPrivateIdentifier(expr.name)) {
    ctx.report(expr.name, Diagnostics.PrivateName);
    return ERROR;
  }
  const name = expr.name.text;
  if (name === 'prototype' || name === '__proto__' || name === 'constructor') {
    ctx.report(expr.expression, Diagnostics.DynamicGlobal, name);
    return ERROR;
  }
  const objectDecl = ts.isIdentifier(expr.expression) ? declarationOf(ctx, expr.expression) : undefined;
  if (objectDecl !== undefined && ts.isEnumDeclaration(objectDecl)) {
    const member = declarationOf(ctx, expr);
    if (member === undefined || !ts.isEnumMember(member)) {
      ctx.report(expr, Diagnostics.UntypedExpression, expr.getText());
      return ERROR;
    }
    const value = enumMemberValue(ctx, member);
    return info({ kind: 'enum', decl: objectDecl }, value === undefined ? {} : { constant: value });
  }
  if (objectDecl !== undefined && ts.isClassDeclaration(objectDecl)) {
    const member = declarationOf(ctx, expr);
    if (member !== undefined && ts.isPropertyDeclaration(member) && isStaticReadonly(member)) {
      const value = constantValue(ctx, expr);
      const type = declaredType(ctx, member);
      if (value !== undefined && type === null) return literalInfo(value);
      if (value !== undefined && type !== null)
        return info(type, { constant: value, min: value, max: value });
    }
    ctx.report(expr, Diagnostics.StaticMember);
    return ERROR;
  }
  if (objectDecl !== undefined && isLibraryDeclaration(ctx, objectDecl)) {
    const objectName = (expr.expression as ts.Identifier).text;
    if (objectName === 'Math') ctx.report(expr, Diagnostics.MathMember, name);
    else ctx.report(expr, Diagnostics.HostApi, expr.getText());
    return ERROR;
  }
  const object = typeCanonical(ctx, expr.expression);
  if (isError(object)) return ERROR;
  const t = object.type;
  if (t.kind === 'array') {
    if (name === 'length') {
      if (t.length !== null) return info(INT('u32'), { constant: t.length, min: t.length, max: t.length });
      return info(INT('u32'));
    }
    ctx.report(
      expr.name,
      ARRAY_METHODS_CHANGING.has(name) ? Diagnostics.DynamicArrayMethod : Diagnostics.ArrayMember,
      name,
    );
    return ERROR;
  }
  if (t.kind === 'class' || t.kind === 'interface') {
    const member = declarationOf(ctx, expr);
    if (member === undefined) {
      ctx.report(expr, Diagnostics.UntypedExpression, expr.getText());
      return ERROR;
    }
    if (ts.isMethodDeclaration(member)) {
      ctx.report(expr, Diagnostics.FunctionValue, expr.getText());
      return ERROR;
    }
    if (ts.isGetAccessor(member) || ts.isSetAccessor(member)) {
      ctx.report(expr, Diagnostics.Accessor);
      return ERROR;
    }
    if (!ts.isPropertyDeclaration(member) && !ts.isPropertySignature(member)) {
      ctx.report(expr, Diagnostics.UntypedExpression, expr.getText());
      return ERROR;
    }
    const type = declaredType(ctx, member);
    if (type === null) return ERROR;
    return info(narrowed(ctx, expr, type));
  }
  if (t.kind === 'cstr') {
    ctx.report(expr, Diagnostics.StringOperation);
    return ERROR;
  }
  ctx.report(expr, Diagnostics.UntypedExpression, expr.getText());
  return ERROR;
}

function typeElementAccess(ctx: Context, expr: ts.ElementAccessExpression): ExprInfo {
  if (expr.questionDotToken !== undefined) {
    ctx.report(expr, Diagnostics.OptionalChaining);
    return ERROR;
  }
  const array = typeCanonical(ctx, expr.expression);
  if (isError(array)) return ERROR;
  if (array.type.kind !== 'array') {
    if (array.type.kind === 'cstr') ctx.report(expr, Diagnostics.StringOperation);
    else ctx.report(expr, Diagnostics.UnsupportedSyntax, `indexing a value of type ${typeName(array.type)}`);
    return ERROR;
  }
  const element = array.type.element;
  const length = array.type.length;
  const indexExpr = skipOuter(expr.argumentExpression);
  const index = typeCanonical(ctx, indexExpr);
  if (isError(index) || index.unwrapped) return info(element);
  const it = index.type;
  if (it.kind === 'literal') {
    ctx.contextual.set(indexExpr, INT('u32'));
    if (!Number.isInteger(it.value) || it.value < 0 || (length !== null && it.value >= length)) {
      ctx.report(indexExpr, Diagnostics.ConstantIndexOutOfRange, it.value, length ?? '?');
    } else if (length !== null || provenByRangeCheck(ctx, expr, expr.expression, indexExpr))
      ctx.provenIndexes.add(expr);
    else
      ctx.report(
        indexExpr,
        Diagnostics.UnprovenIndex,
        'of the array',
        arrayDisplay(expr.expression),
        indexDisplay(indexExpr),
      );
    return info(element);
  }
  if (it.kind !== 'int' || INT_INFO[it.name].signed) {
    ctx.report(indexExpr, Diagnostics.IndexNotUnsigned, typeName(it));
    return info(element);
  }
  if (ts.isCallExpression(indexExpr) && runtimeExportName(ctx, indexExpr.expression) === 'checkIndex') {
    const lengthArg = indexExpr.arguments[1];
    if (lengthArg !== undefined && !sameLength(ctx, lengthArg, expr.expression, length)) {
      ctx.report(lengthArg, Diagnostics.CheckIndexLength, arrayDisplay(expr.expression));
    }
    return info(element);
  }
  const key = arrayKey(ctx, expr.expression);
  if (length !== null && index.max < length) ctx.provenIndexes.add(expr);
  else if (key !== undefined && index.boundedBy === key) ctx.provenIndexes.add(expr);
  else if (key !== undefined && checkedIndexKey(ctx, indexExpr) === key) ctx.provenIndexes.add(expr);
  else if (provenByRangeCheck(ctx, expr, expr.expression, indexExpr)) ctx.provenIndexes.add(expr);
  else if (length !== null && index.constant !== undefined && index.constant >= length) {
    ctx.report(indexExpr, Diagnostics.ConstantIndexOutOfRange, index.constant, length);
  } else
    ctx.report(
      indexExpr,
      Diagnostics.UnprovenIndex,
      length ?? 'of the array',
      arrayDisplay(expr.expression),
      indexDisplay(indexExpr),
    );
  return info(element);
}

/** The array key of `X` when `index` names a `const` whose initializer is `checkIndex(k, X.length)`:
 *  its value passed that array's check (arrays are never reassigned, BH1309). */
function checkedIndexKey(ctx: Context, index: ts.Expression): string | undefined {
  if (!ts.isIdentifier(index)) return undefined;
  const decl = declarationOf(ctx, index);
  if (decl === undefined || !ts.isVariableDeclaration(decl) || !isConstBinding(decl)) return undefined;
  const init = decl.initializer === undefined ? undefined : skipOuter(decl.initializer);
  if (init === undefined || !ts.isCallExpression(init) || init.arguments.length !== 2) return undefined;
  if (runtimeExportName(ctx, init.expression) !== 'checkIndex') return undefined;
  const length = skipOuter(init.arguments[1]!);
  if (!ts.isPropertyAccessExpression(length) || length.name.text !== 'length') return undefined;
  return arrayKey(ctx, length.expression);
}

/** The index as the advice shows it (its text when short, else `i`). */
function indexDisplay(expr: ts.Expression): string {
  const text = expr.getText();
  return text.length <= 30 && !text.includes('\n') ? text : 'i';
}

function arrayDisplay(expr: ts.Expression): string {
  const text = expr.getText();
  return text.length <= 30 ? text : 'a';
}

function sameLength(
  ctx: Context,
  lengthArg: ts.Expression,
  arrayExpr: ts.Expression,
  length: number | null,
): boolean {
  const arg = skipOuter(lengthArg);
  if (ts.isPropertyAccessExpression(arg) && arg.name.text === 'length') {
    const k1 = arrayKey(ctx, arg.expression);
    const k2 = arrayKey(ctx, arrayExpr);
    if (k1 !== undefined && k1 === k2) return true;
  }
  const value = constantValue(ctx, arg);
  return length !== null && value !== undefined && value <= length;
}

// ---- calls -----------------------------------------------------------------------------------------------

/** What a call expression calls. */
export type Callee =
  | { kind: 'runtime'; name: string }
  | { kind: 'math'; name: string }
  | { kind: 'function'; decl: ts.FunctionDeclaration }
  | { kind: 'method'; decl: ts.MethodDeclaration; object: ts.Expression };

export function calleeOf(ctx: Context, call: ts.CallExpression): Callee | undefined {
  const target = skipOuter(call.expression);
  const runtime = runtimeExportName(ctx, target);
  if (runtime !== undefined) return { kind: 'runtime', name: runtime };
  if (
    ts.isPropertyAccessExpression(target) &&
    ts.isIdentifier(target.expression) &&
    target.expression.text === 'Math'
  ) {
    const decl = declarationOf(ctx, target.expression);
    if (decl !== undefined && isLibraryDeclaration(ctx, decl))
      return { kind: 'math', name: target.name.text };
  }
  const decl = declarationOf(ctx, target);
  if (decl === undefined) return undefined;
  if (ts.isFunctionDeclaration(decl) && ctx.isModuleFile(decl.getSourceFile()))
    return { kind: 'function', decl };
  if (
    ts.isMethodDeclaration(decl) &&
    ts.isPropertyAccessExpression(target) &&
    ctx.isModuleFile(decl.getSourceFile())
  ) {
    return { kind: 'method', decl, object: target.expression };
  }
  return undefined;
}

function checkArgCount(ctx: Context, call: ts.CallExpression, name: string, expected: number): boolean {
  if (call.arguments.length !== expected) {
    ctx.report(call, Diagnostics.ArgumentCount, name, expected, call.arguments.length);
    return false;
  }
  return true;
}

function typeCall(ctx: Context, call: ts.CallExpression): ExprInfo {
  if (call.questionDotToken !== undefined || ts.isOptionalChain(call)) {
    ctx.report(call, Diagnostics.OptionalChaining);
    return ERROR;
  }
  for (const arg of call.arguments) {
    if (ts.isSpreadElement(arg)) {
      ctx.report(arg, Diagnostics.Spread);
      return ERROR;
    }
  }
  const callee = calleeOf(ctx, call);
  if (callee === undefined) return reportUnknownCallee(ctx, call);
  switch (callee.kind) {
    case 'runtime':
      return typeRuntimeCall(ctx, call, callee.name);
    case 'math':
      return typeMathCall(ctx, call, callee.name);
    case 'function':
    case 'method': {
      const decl = callee.decl;
      if (callee.kind === 'method') {
        const object = typeCanonical(ctx, callee.object);
        if (isError(object)) return ERROR;
      }
      const params = decl.parameters;
      const name = decl.name?.getText() ?? 'function';
      if (!checkArgCount(ctx, call, name, params.length)) return ERROR;
      params.forEach((param, index) => {
        const type = declaredType(ctx, param);
        if (type !== null)
          expectType(
            ctx,
            call.arguments[index]!,
            type,
            ` (parameter '${param.name.getText()}' of '${name}')`,
          );
      });
      const ret = declaredType(ctx, decl);
      return ret === null ? ERROR : info(ret);
    }
  }
}

function reportUnknownCallee(ctx: Context, call: ts.CallExpression): ExprInfo {
  const target = skipOuter(call.expression);
  const text = target.getText();
  if (ts.isPropertyAccessExpression(target)) {
    const root = ts.isIdentifier(target.expression) ? target.expression.text : '';
    if (
      root === 'console' ||
      root === 'JSON' ||
      root === 'process' ||
      root === 'Object' ||
      root === 'Reflect' ||
      root === 'Number' ||
      root === 'String' ||
      root === 'Array'
    ) {
      ctx.report(call, Diagnostics.HostApi, text);
      return ERROR;
    }
    const object = typeExpr(ctx, target.expression);
    if (object.type.kind === 'array') {
      ctx.report(
        target.name,
        ARRAY_METHODS_CHANGING.has(target.name.text)
          ? Diagnostics.DynamicArrayMethod
          : Diagnostics.ArrayMember,
        target.name.text,
      );
      return ERROR;
    }
    if (object.type.kind === 'cstr') {
      ctx.report(call, Diagnostics.StringOperation);
      return ERROR;
    }
  }
  if (ts.isIdentifier(target) && ['eval', 'Function'].includes(target.text)) {
    ctx.report(call, Diagnostics.DynamicGlobal, target.text);
    return ERROR;
  }
  if (
    ts.isIdentifier(target) &&
    [
      'setTimeout',
      'setInterval',
      'queueMicrotask',
      'require',
      'parseInt',
      'parseFloat',
      'String',
      'Number',
      'Boolean',
      'Symbol',
      'BigInt',
    ].includes(target.text)
  ) {
    ctx.report(call, Diagnostics.HostApi, target.text);
    return ERROR;
  }
  if (ts.isIdentifier(target)) {
    const decl = declarationOf(ctx, target);
    if (decl !== undefined && (ts.isVariableDeclaration(decl) || ts.isParameter(decl))) {
      ctx.report(call, Diagnostics.FunctionValue, target.text);
      return ERROR;
    }
  }
  ctx.report(call, Diagnostics.UnknownCallee, text.length > 40 ? text.slice(0, 40) + '…' : text);
  return ERROR;
}

function typeMathCall(ctx: Context, call: ts.CallExpression, name: string): ExprInfo {
  if (name === 'imul') return typeMul(ctx, call, 'Math.imul');
  if (name === 'sqrt' || name === 'abs') {
    if (!checkArgCount(ctx, call, `Math.${name}`, 1)) return ERROR;
    expectType(ctx, call.arguments[0]!, F64);
    return info(F64);
  }
  ctx.report(call.expression, Diagnostics.MathMember, name);
  return ERROR;
}

/** Unifies two integer operands (literals adapt to the other side). Returns the result type name. */
function unifyInts(
  ctx: Context,
  node: ts.Node,
  op: string,
  left: ts.Expression,
  l: ExprInfo,
  right: ts.Expression,
  r: ExprInfo,
): IntName | 'literal' | undefined {
  const lt = l.type;
  const rt = r.type;
  if (lt.kind === 'literal' && rt.kind === 'literal') return 'literal';
  if (lt.kind === 'enum' || rt.kind === 'enum') {
    ctx.report(node, Diagnostics.EnumArithmetic, op);
    return undefined;
  }
  if (lt.kind === 'literal' && rt.kind === 'int') return adaptLiteral(ctx, left, lt.value, rt.name);
  if (rt.kind === 'literal' && lt.kind === 'int') return adaptLiteral(ctx, right, rt.value, lt.name);
  if (lt.kind === 'int' && rt.kind === 'int') {
    const a = INT_INFO[lt.name];
    const b = INT_INFO[rt.name];
    if (a.signed !== b.signed) {
      ctx.report(node, Diagnostics.MixedSignedness, op, lt.name, rt.name);
      return undefined;
    }
    return a.bits >= b.bits ? lt.name : rt.name;
  }
  if (lt.kind === 'float' || rt.kind === 'float') {
    ctx.report(node, Diagnostics.MixedIntFloat, op, typeName(lt), typeName(rt));
    return undefined;
  }
  const bad = lt.kind === 'int' || lt.kind === 'literal' ? rt : lt;
  ctx.report(node, Diagnostics.OperandKind, op, typeName(bad));
  return undefined;
}

const BITWISE = new Set([ts.SyntaxKind.AmpersandToken, ts.SyntaxKind.BarToken, ts.SyntaxKind.CaretToken]);

/** unifyInts for `& | ^`: JavaScript applies them to the operands' 32-bit patterns, so a negative
 *  constant beside an unsigned operand (`id & ~MASK`) is its pattern (0xe3ffffff), not out of range. */
function unifyBitwise(
  ctx: Context,
  node: ts.Node,
  op: string,
  left: ts.Expression,
  l: ExprInfo,
  right: ts.Expression,
  r: ExprInfo,
): IntName | 'literal' | undefined {
  const pattern = (constant: ExprInfo, other: ExprInfo): boolean =>
    constant.type.kind === 'literal' &&
    Number.isInteger(constant.type.value) &&
    constant.type.value < 0 &&
    constant.type.value >= INT32_MIN &&
    other.type.kind === 'int' &&
    !INT_INFO[other.type.name].signed;
  if (pattern(l, r)) {
    ctx.contextual.set(skipOuter(left), INT('u32'));
    return (r.type as { name: IntName }).name;
  }
  if (pattern(r, l)) {
    ctx.contextual.set(skipOuter(right), INT('u32'));
    return (l.type as { name: IntName }).name;
  }
  return unifyInts(ctx, node, op, left, l, right, r);
}

function adaptLiteral(ctx: Context, expr: ts.Expression, value: number, name: IntName): IntName | undefined {
  const r = INT_INFO[name];
  if (!Number.isInteger(value)) {
    ctx.report(expr, Diagnostics.FloatLiteralInIntegerContext, value, name);
    return undefined;
  }
  if (value < r.min || value > r.max || Object.is(value, -0)) {
    ctx.report(expr, Diagnostics.LiteralOutOfRange, Object.is(value, -0) ? '-0' : value, name);
    return undefined;
  }
  ctx.contextual.set(skipOuter(expr), INT(name));
  return name;
}

function typeMul(ctx: Context, call: ts.CallExpression, name: string): ExprInfo {
  if (!checkArgCount(ctx, call, name, 2)) return ERROR;
  const [a, b] = call.arguments as unknown as [ts.Expression, ts.Expression];
  const l = typeCanonical(ctx, a);
  const r = typeCanonical(ctx, b);
  if (isError(l) || isError(r)) return ERROR;
  const unified = unifyInts(ctx, call, name, a, l, b, r);
  if (unified === undefined) return ERROR;
  if (unified === 'literal') return literalInfo(Math.imul(l.constant!, r.constant!));
  if (INT_INFO[unified].signed) return info(INT('i32'));
  // Math.imul returns a signed result: unsigned operands need u32() around it.
  return intResult('u32', INT32_MIN, INT32_MAX);
}

function typeRuntimeCall(ctx: Context, call: ts.CallExpression, name: string): ExprInfo {
  if (CONVERSIONS.has(name)) return typeConversion(ctx, call, name);
  switch (name) {
    case 'mul':
      return typeMul(ctx, call, name);
    case 'mulHigh': {
      if (!checkArgCount(ctx, call, name, 2)) return ERROR;
      expectType(ctx, call.arguments[0]!, INT('i32'));
      expectType(ctx, call.arguments[1]!, INT('i32'));
      return info(INT('i32'));
    }
    case 'div':
    case 'rem': {
      if (!checkArgCount(ctx, call, name, 2)) return ERROR;
      const [a, b] = call.arguments as unknown as [ts.Expression, ts.Expression];
      const l = typeCanonical(ctx, a);
      const r = typeCanonical(ctx, b);
      if (isError(l) || isError(r)) return ERROR;
      const unified = unifyInts(ctx, call, name, a, l, b, r);
      if (unified === undefined) return ERROR;
      if (unified === 'literal') {
        ctx.report(call, Diagnostics.UnsupportedSyntax, `${name} of two constants (write the constant)`);
        return ERROR;
      }
      const t = INT_INFO[unified];
      if (name === 'rem') return intResult(unified, t.signed ? t.min + 1 : 0, t.max);
      // div: only -min / -1 leaves the range (i8, i16); i32 gives INT32_MIN as SDIV does.
      if (t.signed && t.bits < 32) return intResult(unified, t.min, t.max + 1);
      return intResult(unified, t.min, t.max);
    }
    case 'checkIndex': {
      if (!checkArgCount(ctx, call, name, 2)) return ERROR;
      const i = typeCanonical(ctx, call.arguments[0]!);
      const n = typeCanonical(ctx, call.arguments[1]!);
      if (isError(i) || isError(n)) return ERROR;
      for (const [arg, ai] of [
        [call.arguments[0]!, i],
        [call.arguments[1]!, n],
      ] as const) {
        if (ai.type.kind === 'literal') ctx.contextual.set(skipOuter(arg), INT('u32'));
        else if (ai.type.kind !== 'int' || INT_INFO[ai.type.name].signed)
          ctx.report(arg, Diagnostics.IndexNotUnsigned, typeName(ai.type));
      }
      return info(INT('u32'));
    }
    case 'checkRange': {
      if (!checkArgCount(ctx, call, name, 3)) return ERROR;
      for (const arg of call.arguments) {
        const ai = typeCanonical(ctx, arg);
        if (isError(ai)) return ERROR;
        if (ai.type.kind === 'literal') ctx.contextual.set(skipOuter(arg), INT('u32'));
        else if (ai.type.kind !== 'int' || INT_INFO[ai.type.name].signed)
          ctx.report(arg, Diagnostics.IndexNotUnsigned, typeName(ai.type));
      }
      return info(VOID);
    }
    case 'loadU16BE':
    case 'loadU16LE':
    case 'loadU32BE':
    case 'loadU32LE':
      return typeByteLoad(ctx, call, name);
    case 'mmioRead8':
    case 'mmioRead16':
    case 'mmioRead32': {
      if (!checkArgCount(ctx, call, name, 1)) return ERROR;
      expectType(ctx, call.arguments[0]!, INT('u32'), ' (an address)');
      return info(INT(name === 'mmioRead8' ? 'u8' : name === 'mmioRead16' ? 'u16' : 'u32'));
    }
    case 'mmioWrite8':
    case 'mmioWrite16':
    case 'mmioWrite32': {
      if (!checkArgCount(ctx, call, name, 2)) return ERROR;
      expectType(ctx, call.arguments[0]!, INT('u32'), ' (an address)');
      expectType(
        ctx,
        call.arguments[1]!,
        INT(name === 'mmioWrite8' ? 'u8' : name === 'mmioWrite16' ? 'u16' : 'u32'),
      );
      return info(VOID);
    }
    case 'arrayOf':
      ctx.report(call, Diagnostics.HeapAllocation);
      return ERROR;
    default:
      ctx.report(call.expression, Diagnostics.RuntimeNodeOnly, name);
      return ERROR;
  }
}

/** `loadU32BE(bytes, index)` and the other byte-order loads: `bytes` a u8 array, `index` unsigned, and
 *  every byte read proven inside the array (its fixed length, or a checkRange before the read). */
function typeByteLoad(ctx: Context, call: ts.CallExpression, name: string): ExprInfo {
  if (!checkArgCount(ctx, call, name, 2)) return ERROR;
  const width = name.startsWith('loadU32') ? 4 : 2;
  const result = info(INT(width === 4 ? 'u32' : 'u16'));
  const [arrayArg, indexArg] = call.arguments as unknown as [ts.Expression, ts.Expression];
  const array = typeCanonical(ctx, arrayArg);
  const index = typeCanonical(ctx, indexArg);
  if (isError(array) || isError(index)) return result;
  const element = array.type.kind === 'array' ? array.type.element : undefined;
  if (array.type.kind !== 'array' || element?.kind !== 'int' || element.name !== 'u8') {
    // TypeScript already rejects anything but a Uint8Array here (the runtime's parameter type).
    ctx.report(arrayArg, Diagnostics.TypeMismatch, typeName(array.type), 'Uint8Array', '');
    return result;
  }
  if (index.type.kind === 'literal') ctx.contextual.set(skipOuter(indexArg), INT('u32'));
  else if (index.type.kind !== 'int' || INT_INFO[index.type.name].signed) {
    ctx.report(indexArg, Diagnostics.IndexNotUnsigned, typeName(index.type));
    return result;
  }
  const length = array.type.length;
  if (
    (length !== null && index.min >= 0 && index.max + width <= length) ||
    provenByRangeCheck(ctx, call, arrayArg, indexArg, width - 1)
  )
    ctx.provenLoads.add(call);
  else ctx.report(indexArg, Diagnostics.UnprovenWindow, width, arrayDisplay(arrayArg));
  return result;
}

function typeConversion(ctx: Context, call: ts.CallExpression, name: string): ExprInfo {
  if (!checkArgCount(ctx, call, name, 1)) return ERROR;
  const arg = call.arguments[0]!;
  const a = typeExpr(ctx, arg);
  if (isError(a)) return ERROR;
  const t = a.type;
  if (name === 'f32' || name === 'f64') {
    const target: SubsetType = { kind: 'float', name };
    if (t.kind === 'literal')
      return info(target, { constant: name === 'f32' ? Math.fround(t.value) : t.value });
    if (t.kind === 'int') {
      if (a.unwrapped) ctx.report(arg, Diagnostics.Unwrapped, 'integer', typeName(t), t.name);
      return info(target);
    }
    if (t.kind === 'float') return info(target);
    ctx.report(arg, Diagnostics.ConversionArgument, name, typeName(t));
    return ERROR;
  }
  const target = name as IntName;
  const r = INT_INFO[target];
  if (t.kind === 'literal') {
    const value = constantValue(ctx, call);
    ctx.contextual.set(
      skipOuter(arg),
      INT(
        Number.isInteger(t.value) && t.value >= r.min && t.value <= r.max ? target : r.signed ? 'i32' : 'u32',
      ),
    );
    return value === undefined
      ? info(INT(target))
      : info(INT(target), { constant: value, min: value, max: value });
  }
  if (t.kind === 'int') {
    if (Math.abs(a.min) > EXACT || Math.abs(a.max) > EXACT) ctx.report(arg, Diagnostics.PrecisionLoss);
    // A conversion that cannot change the value keeps the argument's narrower interval.
    if (a.min >= r.min && a.max <= r.max)
      return {
        type: INT(target),
        min: a.min,
        max: a.max,
        unwrapped: false,
        ...(a.boundedBy !== undefined ? { boundedBy: a.boundedBy } : {}),
      };
    return info(INT(target));
  }
  if (t.kind === 'float') return info(INT(target));
  if (t.kind === 'enum') return info(INT(target));
  ctx.report(arg, Diagnostics.ConversionArgument, name, typeName(t));
  return ERROR;
}

// ---- operators ---------------------------------------------------------------------------------------------

function inInt32(i: ExprInfo): boolean {
  return i.min >= INT32_MIN && i.max <= INT32_MAX;
}

function bitsFor(max: number): number {
  let bits = 0;
  while (bits < 53 && 2 ** bits <= max) bits++;
  return bits;
}

/** Interval of a JS bitwise and/or/xor result. */
function bitwiseRange(op: ts.SyntaxKind, l: ExprInfo, r: ExprInfo): [number, number] {
  const nonNegative = (i: ExprInfo): boolean => i.min >= 0 && i.max <= INT32_MAX;
  if (op === ts.SyntaxKind.AmpersandToken) {
    if (nonNegative(l) && nonNegative(r)) return [0, Math.min(l.max, r.max)];
    if (nonNegative(l)) return [0, l.max];
    if (nonNegative(r)) return [0, r.max];
  }
  if (nonNegative(l) && nonNegative(r)) {
    const max = 2 ** bitsFor(Math.max(l.max, r.max)) - 1;
    // An OR only sets bits: at least the larger minimum, at most the sum.
    if (op === ts.SyntaxKind.BarToken) return [Math.max(l.min, r.min), Math.min(max, l.max + r.max)];
    return [0, max];
  }
  if (inInt32(l) && inInt32(r)) {
    // Two's complement values in [-2^k, 2^k - 1] stay there under & | ^.
    const bits = Math.min(
      31,
      Math.max(bitsFor(Math.max(l.max, r.max, 0)), bitsFor(Math.max(-l.min - 1, -r.min - 1, 0))),
    );
    return [-(2 ** bits), 2 ** bits - 1];
  }
  return [INT32_MIN, INT32_MAX];
}

const ARITHMETIC: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.PlusToken]: '+',
  [ts.SyntaxKind.MinusToken]: '-',
  [ts.SyntaxKind.AsteriskToken]: '*',
  [ts.SyntaxKind.SlashToken]: '/',
  [ts.SyntaxKind.PercentToken]: '%',
  [ts.SyntaxKind.AmpersandToken]: '&',
  [ts.SyntaxKind.BarToken]: '|',
  [ts.SyntaxKind.CaretToken]: '^',
  [ts.SyntaxKind.LessThanLessThanToken]: '<<',
  [ts.SyntaxKind.GreaterThanGreaterThanToken]: '>>',
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken]: '>>>',
};

const COMPARISON: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.LessThanToken]: '<',
  [ts.SyntaxKind.LessThanEqualsToken]: '<=',
  [ts.SyntaxKind.GreaterThanToken]: '>',
  [ts.SyntaxKind.GreaterThanEqualsToken]: '>=',
  [ts.SyntaxKind.EqualsEqualsEqualsToken]: '===',
  [ts.SyntaxKind.ExclamationEqualsEqualsToken]: '!==',
};

function typeBinary(ctx: Context, expr: ts.BinaryExpression): ExprInfo {
  const op = expr.operatorToken.kind;
  if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) {
    ctx.report(expr, Diagnostics.AssignmentAsExpression);
    return ERROR;
  }
  switch (op) {
    case ts.SyntaxKind.EqualsEqualsToken:
      ctx.report(expr.operatorToken, Diagnostics.LooseEquality, '==', '===');
      return ERROR;
    case ts.SyntaxKind.ExclamationEqualsToken:
      ctx.report(expr.operatorToken, Diagnostics.LooseEquality, '!=', '!==');
      return ERROR;
    case ts.SyntaxKind.QuestionQuestionToken:
      ctx.report(expr.operatorToken, Diagnostics.OptionalChaining);
      return ERROR;
    case ts.SyntaxKind.CommaToken:
      ctx.report(expr.operatorToken, Diagnostics.CommaOperator);
      return ERROR;
    case ts.SyntaxKind.InKeyword:
      ctx.report(expr.operatorToken, Diagnostics.ReflectiveOperator, 'in');
      return ERROR;
    case ts.SyntaxKind.InstanceOfKeyword:
      ctx.report(expr.operatorToken, Diagnostics.ReflectiveOperator, 'instanceof');
      return ERROR;
    case ts.SyntaxKind.AsteriskAsteriskToken:
      ctx.report(expr.operatorToken, Diagnostics.UnsupportedSyntax, '**');
      return ERROR;
    case ts.SyntaxKind.AmpersandAmpersandToken:
    case ts.SyntaxKind.BarBarToken:
      expectBool(ctx, expr.left);
      expectBool(ctx, expr.right);
      return info(BOOL);
  }
  const comparison = COMPARISON[op];
  if (comparison !== undefined) return typeComparison(ctx, expr, comparison);
  const symbol = ARITHMETIC[op];
  if (symbol === undefined) {
    ctx.report(expr.operatorToken, Diagnostics.UnsupportedSyntax, expr.operatorToken.getText());
    return ERROR;
  }
  return typeArithmetic(ctx, expr, op, symbol, expr.left, expr.right);
}

/** Types `left op right` for an arithmetic or bitwise operator (also used for compound assignments). */
export function typeArithmetic(
  ctx: Context,
  node: ts.Node,
  op: ts.SyntaxKind,
  symbol: string,
  left: ts.Expression,
  right: ts.Expression,
): ExprInfo {
  const l = typeExpr(ctx, left);
  const r = typeExpr(ctx, right);
  if (isError(l) || isError(r)) return ERROR;
  if (
    l.stringLiteral === true ||
    r.stringLiteral === true ||
    l.type.kind === 'cstr' ||
    r.type.kind === 'cstr'
  ) {
    ctx.report(node, Diagnostics.StringOperation);
    return ERROR;
  }
  const isShift =
    op === ts.SyntaxKind.LessThanLessThanToken ||
    op === ts.SyntaxKind.GreaterThanGreaterThanToken ||
    op === ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken;
  // Floats.
  if (l.type.kind === 'float' || r.type.kind === 'float') {
    return typeFloatArithmetic(ctx, node, op, symbol, left, l, right, r);
  }
  if (l.type.kind === 'literal' && r.type.kind === 'literal') {
    if (op === ts.SyntaxKind.PercentToken) {
      ctx.report(node, Diagnostics.DivisionOperator, symbol, 'rem');
      return ERROR;
    }
    return literalInfo(foldBinary(op, l.type.value, r.type.value)!);
  }
  if (op === ts.SyntaxKind.SlashToken || op === ts.SyntaxKind.PercentToken) {
    ctx.report(node, Diagnostics.DivisionOperator, symbol, op === ts.SyntaxKind.SlashToken ? 'div' : 'rem');
    return ERROR;
  }
  if (isShift) return typeShift(ctx, node, op, symbol, left, l, right, r);
  // Operands that are unwrapped are fine here: these operators are modular in C's uint32_t computation.
  const name = BITWISE.has(op)
    ? unifyBitwise(ctx, node, symbol, left, l, right, r)
    : unifyInts(ctx, node, symbol, left, l, right, r);
  if (name === undefined || name === 'literal') return ERROR;
  let min: number;
  let max: number;
  switch (op) {
    case ts.SyntaxKind.PlusToken:
      [min, max] = [l.min + r.min, l.max + r.max];
      break;
    case ts.SyntaxKind.MinusToken:
      [min, max] = [l.min - r.max, l.max - r.min];
      break;
    case ts.SyntaxKind.AsteriskToken: {
      const corners = [l.min * r.min, l.min * r.max, l.max * r.min, l.max * r.max];
      [min, max] = [Math.min(...corners), Math.max(...corners)];
      if (Math.max(Math.abs(min), Math.abs(max)) > EXACT) {
        ctx.report(node, Diagnostics.WideMultiply, name);
        return ERROR;
      }
      // 0 * -5 is -0 in JavaScript: not a canonical integer (f64() would keep the sign).
      const zeroTimesNegative = (a: ExprInfo, b: ExprInfo): boolean => a.min <= 0 && a.max >= 0 && b.min < 0;
      if (zeroTimesNegative(l, r) || zeroTimesNegative(r, l))
        return { ...intResult(name, min, max), unwrapped: true };
      break;
    }
    default:
      [min, max] = bitwiseRange(op, l, r);
  }
  if (Math.max(Math.abs(min), Math.abs(max)) > EXACT) {
    ctx.report(node, Diagnostics.PrecisionLoss);
    return ERROR;
  }
  return intResult(name, min, max);
}

function typeShift(
  ctx: Context,
  node: ts.Node,
  op: ts.SyntaxKind,
  symbol: string,
  left: ts.Expression,
  l: ExprInfo,
  right: ts.Expression,
  r: ExprInfo,
): ExprInfo {
  // The count: any integer (taken modulo 32, as JavaScript does).
  let count: number | undefined;
  if (r.type.kind === 'literal') {
    if (!Number.isInteger(r.type.value)) {
      ctx.report(right, Diagnostics.FloatLiteralInIntegerContext, r.type.value, 'u32');
      return ERROR;
    }
    count = r.type.value & 31;
    ctx.contextual.set(skipOuter(right), INT('u32'));
  } else if (r.type.kind !== 'int') {
    ctx.report(right, Diagnostics.OperandKind, symbol, typeName(r.type));
    return ERROR;
  }
  let name: IntName;
  if (l.type.kind === 'literal') {
    // A constant shifted by a variable count: it takes u32 for >>> and <<, i32 for >>.
    name =
      op === ts.SyntaxKind.GreaterThanGreaterThanToken
        ? 'i32'
        : r.type.kind === 'int' && INT_INFO[r.type.name].signed
          ? 'i32'
          : 'u32';
    if (op === ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken) name = 'u32';
    if (adaptLiteral(ctx, left, l.type.value, name) === undefined) return ERROR;
    l = info(INT(name), { min: l.type.value, max: l.type.value });
  } else if (l.type.kind === 'int') name = l.type.name;
  else {
    ctx.report(
      node,
      l.type.kind === 'enum' ? Diagnostics.EnumArithmetic : Diagnostics.OperandKind,
      symbol,
      typeName(l.type),
    );
    return ERROR;
  }
  const signed = INT_INFO[name].signed;
  if (op === ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken) {
    if (signed) {
      ctx.report(node, Diagnostics.UnsignedShiftOfSigned, name);
      return ERROR;
    }
    if (l.min >= 0 && l.max <= 0xffffffff) {
      return intResult(
        name,
        count === undefined ? 0 : Math.floor(l.min / 2 ** count),
        count === undefined ? l.max : Math.floor(l.max / 2 ** count),
      );
    }
    return intResult(name, 0, count === undefined ? 0xffffffff : Math.floor(0xffffffff / 2 ** count));
  }
  if (op === ts.SyntaxKind.GreaterThanGreaterThanToken) {
    if (!signed) {
      ctx.report(node, Diagnostics.SignedShiftOfUnsigned, name);
      return ERROR;
    }
    const [a, b] = inInt32(l) ? [l.min, l.max] : [INT32_MIN, INT32_MAX];
    if (count === undefined) return intResult(name, Math.min(a, 0), Math.max(b, 0));
    return intResult(name, Math.floor(a / 2 ** count), Math.floor(b / 2 ** count));
  }
  // <<
  if (
    count !== undefined &&
    inInt32(l) &&
    l.min * 2 ** count >= INT32_MIN &&
    l.max * 2 ** count <= INT32_MAX
  ) {
    return intResult(name, l.min * 2 ** count, l.max * 2 ** count);
  }
  return intResult(name, INT32_MIN, INT32_MAX);
}

function typeFloatArithmetic(
  ctx: Context,
  node: ts.Node,
  op: ts.SyntaxKind,
  symbol: string,
  left: ts.Expression,
  l: ExprInfo,
  right: ts.Expression,
  r: ExprInfo,
): ExprInfo {
  if (
    ![
      ts.SyntaxKind.PlusToken,
      ts.SyntaxKind.MinusToken,
      ts.SyntaxKind.AsteriskToken,
      ts.SyntaxKind.SlashToken,
    ].includes(op)
  ) {
    ctx.report(node, Diagnostics.OperandKind, symbol, 'float');
    return ERROR;
  }
  const names: string[] = [];
  for (const [e, i] of [
    [left, l],
    [right, r],
  ] as const) {
    if (i.type.kind === 'float') names.push(i.type.name);
    else if (i.type.kind === 'literal') continue;
    else {
      ctx.report(node, Diagnostics.MixedIntFloat, symbol, typeName(l.type), typeName(r.type));
      return ERROR;
    }
    void e;
  }
  const result: 'f32' | 'f64' = names.includes('f64') ? 'f64' : 'f32';
  for (const [e, i] of [
    [left, l],
    [right, r],
  ] as const) {
    if (i.type.kind === 'literal') ctx.contextual.set(skipOuter(e), F64);
    // Unwrapped f32 operands are computed in double precision, as JavaScript does: only an f64 result
    // would lose that, so they are allowed inside f32 arithmetic only.
    if (i.unwrapped && result === 'f64') reportUnwrapped(ctx, e, i);
  }
  return { type: { kind: 'float', name: result }, min: 0, max: 0, unwrapped: result === 'f32' };
}

function typeComparison(ctx: Context, expr: ts.BinaryExpression, symbol: string): ExprInfo {
  const l = typeCanonical(ctx, expr.left);
  const r = typeCanonical(ctx, expr.right);
  if (isError(l) || isError(r)) return info(BOOL);
  const lt = l.type;
  const rt = r.type;
  const equality = symbol === '===' || symbol === '!==';
  if (l.stringLiteral === true || r.stringLiteral === true || lt.kind === 'cstr' || rt.kind === 'cstr') {
    ctx.report(expr, Diagnostics.StringOperation);
    return info(BOOL);
  }
  if (lt.kind === 'null' || rt.kind === 'null') {
    const other = lt.kind === 'null' ? rt : lt;
    if (other.kind !== 'class' && other.kind !== 'null') {
      ctx.report(lt.kind === 'null' ? expr.left : expr.right, Diagnostics.NullToNonNullable);
      return info(BOOL);
    }
  }
  if (lt.kind === 'float' || rt.kind === 'float') {
    if ((lt.kind === 'float' || lt.kind === 'literal') && (rt.kind === 'float' || rt.kind === 'literal')) {
      if (lt.kind === 'literal') ctx.contextual.set(skipOuter(expr.left), F64);
      if (rt.kind === 'literal') ctx.contextual.set(skipOuter(expr.right), F64);
      return info(BOOL);
    }
    ctx.report(expr, Diagnostics.MixedIntFloat, symbol, typeName(lt), typeName(rt));
    return info(BOOL);
  }
  if (lt.kind === 'int' || rt.kind === 'int' || (lt.kind === 'literal' && rt.kind === 'literal')) {
    if (lt.kind === 'literal' && rt.kind === 'literal') return info(BOOL);
    unifyInts(ctx, expr, symbol, expr.left, l, expr.right, r);
    return info(BOOL);
  }
  if (lt.kind === 'enum' && rt.kind === 'enum' && lt.decl === rt.decl) return info(BOOL);
  if (!equality) {
    ctx.report(expr, Diagnostics.OperandKind, symbol, typeName(lt));
    return info(BOOL);
  }
  if (lt.kind === 'bool' && rt.kind === 'bool') return info(BOOL);
  const isRef = (t: SubsetType): boolean => t.kind === 'class' || t.kind === 'null' || t.kind === 'interface';
  if (isRef(lt) && isRef(rt)) {
    if (lt.kind === 'null' && rt.kind === 'null') return info(BOOL);
    if (
      lt.kind === 'null' ||
      rt.kind === 'null' ||
      (lt.kind === rt.kind && (lt as { decl: ts.Node }).decl === (rt as { decl: ts.Node }).decl)
    )
      return info(BOOL);
  }
  ctx.report(expr, Diagnostics.TypeMismatch, typeName(rt), typeName(lt), ` (operands of '${symbol}')`);
  return info(BOOL);
}

function typePrefix(ctx: Context, expr: ts.PrefixUnaryExpression): ExprInfo {
  switch (expr.operator) {
    case ts.SyntaxKind.ExclamationToken:
      expectBool(ctx, expr.operand);
      return info(BOOL);
    case ts.SyntaxKind.PlusPlusToken:
    case ts.SyntaxKind.MinusMinusToken:
      ctx.report(
        expr,
        Diagnostics.IncrementOutsideFor,
        expr.operator === ts.SyntaxKind.PlusPlusToken ? '++' : '--',
        'u32',
      );
      return ERROR;
    case ts.SyntaxKind.PlusToken:
      ctx.report(expr, Diagnostics.UnsupportedSyntax, 'unary +');
      return ERROR;
  }
  const a = typeExpr(ctx, expr.operand);
  if (isError(a)) return ERROR;
  const t = a.type;
  if (t.kind === 'literal')
    return literalInfo(expr.operator === ts.SyntaxKind.MinusToken ? -t.value : ~t.value);
  if (t.kind === 'float') {
    if (expr.operator === ts.SyntaxKind.MinusToken) return { ...a, type: t };
    ctx.report(expr, Diagnostics.OperandKind, '~', t.name);
    return ERROR;
  }
  if (t.kind !== 'int') {
    ctx.report(
      expr,
      t.kind === 'enum' ? Diagnostics.EnumArithmetic : Diagnostics.OperandKind,
      expr.operator === ts.SyntaxKind.MinusToken ? '-' : '~',
      typeName(t),
    );
    return ERROR;
  }
  const r = INT_INFO[t.name];
  if (expr.operator === ts.SyntaxKind.MinusToken) {
    if (!r.signed) {
      ctx.report(expr, Diagnostics.NegateUnsigned, t.name);
      return ERROR;
    }
    // -0 (from -x with x = 0) is not a canonical integer either.
    const result = intResult(t.name, -a.max, -a.min);
    return a.min <= 0 && a.max >= 0 ? { ...result, unwrapped: true } : result;
  }
  // ~
  if (inInt32(a)) return intResult(t.name, ~a.max, ~a.min);
  return intResult(t.name, INT32_MIN, INT32_MAX);
}

function typeConditional(ctx: Context, expr: ts.ConditionalExpression): ExprInfo {
  expectBool(ctx, expr.condition);
  const a = typeCanonical(ctx, expr.whenTrue);
  const b = typeCanonical(ctx, expr.whenFalse);
  if (isError(a) || isError(b)) return ERROR;
  if (a.type.kind === 'literal' && b.type.kind === 'literal') {
    // Two constants: the context gives the type (see expectType); not itself a constant.
    return { type: a.type, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), unwrapped: false };
  }
  if (a.type.kind === 'literal') {
    expectType(ctx, expr.whenTrue, b.type);
    return info(b.type);
  }
  if (b.type.kind === 'literal' || b.type.kind === 'null') {
    expectType(ctx, expr.whenFalse, a.type);
    return info(a.type);
  }
  if (a.type.kind === 'null') {
    expectType(ctx, expr.whenTrue, b.type);
    return info(b.type);
  }
  if (a.type.kind === 'int' && b.type.kind === 'int') {
    const name = unifyInts(ctx, expr, '?:', expr.whenTrue, a, expr.whenFalse, b);
    if (name === undefined || name === 'literal') return ERROR;
    return info(INT(name));
  }
  if (a.type.kind === 'array' || b.type.kind === 'array') {
    // The branches may have different lengths (a fixed array and a parameter): no single length, no
    // proof and no `_len` would describe the result. Choose the array with an if statement.
    ctx.report(expr, Diagnostics.UnsupportedSyntax, "choosing an array with '?:' (use an if statement)");
    return ERROR;
  }
  if (!sameType(a.type, b.type)) {
    ctx.report(expr, Diagnostics.TypeMismatch, typeName(b.type), typeName(a.type), " (branches of '?:')");
    return ERROR;
  }
  return info(a.type);
}

// Unannotated locals take the type of their initializer.
setInitializerTyper(
  (ctx, init) => {
    const i = typeExpr(ctx, init);
    if (isError(i)) return null;
    if (i.type.kind === 'literal') {
      const v = i.type.value;
      if (!Number.isInteger(v)) return F64;
      const name = intTypeHolding(v, v, v < 0) ?? (v >= 0 ? intTypeHolding(v, v, false) : undefined);
      void name;
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
  (ctx, iterated) => {
    const i = typeCanonical(ctx, iterated);
    if (isError(i)) return null;
    if (i.type.kind !== 'array') {
      ctx.report(iterated, Diagnostics.UnsupportedSyntax, `for...of over ${typeName(i.type)}`);
      return null;
    }
    return i.type.element;
  },
);
