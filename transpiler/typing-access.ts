// Typing of names and member accesses: `this`, identifiers, property accesses (fields, enum members,
// static constants, array lengths) and element accesses. An identifier's interval is narrowed by what
// the range analyses prove where it is read (a const initializer, a counting loop, an `if` guard, the
// module variable's assignments); an element access's index must be proven inside the array
// (docs/TS-SUBSET.md §4), else it is reported.
import ts from 'typescript';
import type { Context } from './context.ts';
import { Diagnostics } from './diagnostics.ts';
import { ERROR, info, isError, literalInfo, type Typer } from './expr-info.ts';
import { isRuntimeFile } from './load.ts';
import { isModuleLet, moduleVariableRange } from './module-ranges.ts';
import { provenByRangeCheck } from './range-facts.ts';
import {
  constantValue,
  declarationOf,
  enumMemberValue,
  isConstBinding,
  isLibraryDeclaration,
  isModuleConst,
  isStaticReadonly,
  runtimeExportName,
  skipOuter,
} from './resolve.ts';
import { INT, INT_INFO, typeName, type ExprInfo, type SubsetType } from './types.ts';
import { arrayKey, countingLoop, guardedMaximum, isInside } from './variable-bounds.ts';

function enclosingClass(node: ts.Node): ts.ClassDeclaration | undefined {
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n)) return undefined;
    if (ts.isMethodDeclaration(n) || ts.isConstructorDeclaration(n) || ts.isPropertyDeclaration(n)) {
      return ts.isClassDeclaration(n.parent) ? n.parent : undefined;
    }
  }
  return undefined;
}

export function typeThis(ctx: Context, expr: ts.Expression): ExprInfo {
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

export function typeIdentifier(ctx: Context, typer: Typer, expr: ts.Identifier): ExprInfo {
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
    const type = typer.declaredType(ctx, decl);
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
      const init = typer.typeExpr(ctx, decl.initializer);
      if (!init.unwrapped && (init.type.kind === 'int' || init.type.kind === 'literal')) {
        result.min = Math.max(result.min, init.min);
        result.max = Math.min(result.max, init.max);
        if (init.constant !== undefined && decl.type === undefined) result.constant = init.constant;
      }
    }
    if (type.kind === 'int' && isModuleLet(decl)) {
      // Every value a module variable can hold comes from its own file (transpiler/module-ranges.ts).
      const range = moduleVariableRange(ctx, typer.typeExpr, decl);
      if (range !== undefined) {
        result.min = Math.max(result.min, range[0]);
        result.max = Math.min(result.max, range[1]);
      }
    }
    if (type.kind === 'int') {
      const guard = guardedMaximum(ctx, typer.typeExpr, expr, decl);
      if (guard !== undefined) result.max = Math.min(result.max, guard);
    }
    if (ts.isVariableDeclaration(decl) && type.kind === 'int') {
      const loop = countingLoop(ctx, typer.typeExpr, decl);
      if (loop !== undefined && isInside(expr, loop.loop.statement)) {
        const limit = loop.limit ?? loop.arrayLength;
        if (limit !== undefined) result.max = Math.min(result.max, limit - 1);
        if (loop.arrayKey !== undefined) result.boundedBy = loop.arrayKey;
        if (!INT_INFO[type.name].signed) result.min = 0;
        // The variable only counts up from its initializer, so the initializer's minimum holds in the
        // body too (`for (let t: u32 = 16; t < 64; t++)` indexes `w[t - 16]` without a check).
        const init = decl.initializer !== undefined ? typer.typeExpr(ctx, decl.initializer) : undefined;
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

/** Array methods that change an array or make a new one (BH1404), as opposed to others (BH1405). */
export const ARRAY_METHODS_CHANGING = new Set([
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

export function typePropertyAccess(ctx: Context, typer: Typer, expr: ts.PropertyAccessExpression): ExprInfo {
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
      const type = typer.declaredType(ctx, member);
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
  const object = typer.typeCanonical(ctx, expr.expression);
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
    const type = typer.declaredType(ctx, member);
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

export function typeElementAccess(ctx: Context, typer: Typer, expr: ts.ElementAccessExpression): ExprInfo {
  if (expr.questionDotToken !== undefined) {
    ctx.report(expr, Diagnostics.OptionalChaining);
    return ERROR;
  }
  const array = typer.typeCanonical(ctx, expr.expression);
  if (isError(array)) return ERROR;
  if (array.type.kind !== 'array') {
    if (array.type.kind === 'cstr') ctx.report(expr, Diagnostics.StringOperation);
    else ctx.report(expr, Diagnostics.UnsupportedSyntax, `indexing a value of type ${typeName(array.type)}`);
    return ERROR;
  }
  const element = array.type.element;
  const length = array.type.length;
  const indexExpr = skipOuter(expr.argumentExpression);
  const index = typer.typeCanonical(ctx, indexExpr);
  if (isError(index) || index.unwrapped) return info(element);
  const it = index.type;
  if (it.kind === 'literal') {
    ctx.contextual.set(indexExpr, INT('u32'));
    if (!Number.isInteger(it.value) || it.value < 0 || (length !== null && it.value >= length)) {
      ctx.report(indexExpr, Diagnostics.ConstantIndexOutOfRange, it.value, length ?? '?');
    } else if (length !== null || provenByRangeCheck(ctx, typer.typeExpr, expr, expr.expression, indexExpr))
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
  else if (provenByRangeCheck(ctx, typer.typeExpr, expr, expr.expression, indexExpr))
    ctx.provenIndexes.add(expr);
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
  const length = skipOuter(init.arguments[1]);
  if (!ts.isPropertyAccessExpression(length) || length.name.text !== 'length') return undefined;
  return arrayKey(ctx, length.expression);
}

/** The index as the advice shows it (its text when short, else `i`). */
function indexDisplay(expr: ts.Expression): string {
  const text = expr.getText();
  return text.length <= 30 && !text.includes('\n') ? text : 'i';
}

/** The array as the advice shows it (its text when short, else `a`). */
export function arrayDisplay(expr: ts.Expression): string {
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
