// Stage 3, check of static initializers: the initial values of module variables, fields, constructor
// constants and local arrays are evaluated at transpile time, so they must be constants, static objects
// (`new C(...)` with constant arguments), array creations of constant length, or object literals of an
// interface type, each matching the declared type.
import ts from 'typescript';
import type { Context } from './context.ts';
import { Diagnostics } from './diagnostics.ts';
import { constantValue, declarationOf, isModuleConst, runtimeExportName, skipOuter } from './resolve.ts';
import { TYPED_ARRAYS, typeName, type SubsetType } from './types.ts';
import { declaredType, expectType, typeExpr } from './typing.ts';

/** A reference to a module-level static object (`const x = new C()`), usable in static initializers. */
function staticObjectDecl(ctx: Context, expr: ts.Expression): ts.VariableDeclaration | undefined {
  const e = skipOuter(expr);
  if (!ts.isIdentifier(e)) return undefined;
  const decl = declarationOf(ctx, e);
  if (
    decl === undefined ||
    !ts.isVariableDeclaration(decl) ||
    !isModuleConst(decl) ||
    decl.initializer === undefined
  )
    return undefined;
  const init = skipOuter(decl.initializer);
  return ts.isNewExpression(init) || ts.isArrayLiteralExpression(init) || ts.isCallExpression(init)
    ? decl
    : undefined;
}

/** `A[k]`: an element of a static array of objects with a constant index inside it (`wheels[0]`), a
 *  reference with a constant address like a static object's. */
function staticArrayElement(ctx: Context, expr: ts.Expression): boolean {
  const e = skipOuter(expr);
  if (!ts.isElementAccessExpression(e) || staticObjectDecl(ctx, e.expression) === undefined) return false;
  const type = typeExpr(ctx, e.expression).type;
  const index = constantValue(ctx, e.argumentExpression);
  return (
    type.kind === 'array' &&
    type.element.kind === 'class' &&
    type.length !== null &&
    index !== undefined &&
    Number.isInteger(index) &&
    index >= 0 &&
    index < type.length
  );
}

/** Checks an initializer of static storage (module variable, field, constructor constant). */
export function checkStaticInitializer(
  ctx: Context,
  init: ts.Expression,
  type: SubsetType,
  isArgument = false,
): void {
  const e = skipOuter(init);
  if (ts.isNewExpression(e)) {
    const name = ts.isIdentifier(e.expression) ? e.expression.text : '';
    const element = TYPED_ARRAYS[name];
    if (element !== undefined && type.kind === 'array') {
      const arg = e.arguments?.[0];
      if (arg !== undefined && ts.isArrayLiteralExpression(skipOuter(arg))) {
        for (const el of (skipOuter(arg) as ts.ArrayLiteralExpression).elements)
          checkStaticInitializer(ctx, el, element);
      } else if (arg === undefined) ctx.report(e, Diagnostics.ArgumentCount, `new ${name}`, 1, 0);
      else if (constantValue(ctx, arg) === undefined) ctx.report(arg, Diagnostics.ArrayLengthNotConstant);
      if (!sameElement(element, type.element))
        ctx.report(e, Diagnostics.TypeMismatch, name, typeName(type), '');
      return;
    }
    const cls = declarationOf(ctx, e.expression);
    if (cls === undefined || !ts.isClassDeclaration(cls) || !ctx.isModuleFile(cls.getSourceFile())) {
      if (['Map', 'Set', 'WeakMap', 'WeakSet'].includes(name)) ctx.report(e, Diagnostics.Collection, name);
      else if (name === 'Date') ctx.report(e, Diagnostics.DateObject);
      else if (name === 'Array') ctx.report(e, Diagnostics.UnsupportedArrayCreation);
      else ctx.report(e, Diagnostics.UnknownCallee, `new ${name}`);
      return;
    }
    if (type.kind !== 'class' || type.decl !== cls) {
      ctx.report(e, Diagnostics.TypeMismatch, cls.name?.text ?? 'class', typeName(type), '');
      return;
    }
    const ctor = cls.members.find(ts.isConstructorDeclaration);
    const params = ctor?.parameters ?? ts.factory.createNodeArray<ts.ParameterDeclaration>();
    const args = e.arguments ?? [];
    if (args.length !== params.length) {
      ctx.report(e, Diagnostics.ArgumentCount, `new ${cls.name?.text ?? ''}`, params.length, args.length);
      return;
    }
    args.forEach((arg, i) => {
      const pt = declaredType(ctx, params[i]);
      if (pt === null) return;
      checkStaticInitializer(ctx, arg, pt, true);
    });
    return;
  }
  if (ts.isArrayLiteralExpression(e)) {
    if (type.kind !== 'array') {
      ctx.report(e, Diagnostics.UnsupportedArrayCreation);
      return;
    }
    if (type.length !== null && type.length !== e.elements.length) {
      ctx.report(e, Diagnostics.TypeMismatch, `array of ${e.elements.length}`, typeName(type), '');
    }
    for (const el of e.elements) {
      if (ts.isSpreadElement(el)) ctx.report(el, Diagnostics.Spread);
      else if (type.element.kind === 'class' && !ts.isNewExpression(skipOuter(el)))
        ctx.report(el, Diagnostics.ObjectArrayElement, el.getText());
      else checkStaticInitializer(ctx, el, type.element);
    }
    return;
  }
  if (ts.isCallExpression(e) && runtimeExportName(ctx, e.expression) === 'arrayOf') {
    const [n, make] = e.arguments;
    if (type.kind !== 'array' || n === undefined || make === undefined) {
      ctx.report(e, Diagnostics.UnsupportedArrayCreation);
      return;
    }
    if (constantValue(ctx, n) === undefined) ctx.report(n, Diagnostics.ArrayLengthNotConstant);
    if (
      !ts.isArrowFunction(make) ||
      make.parameters.length !== 0 ||
      ts.isBlock(make.body) ||
      !ts.isNewExpression(skipOuter(make.body))
    ) {
      ctx.report(make, Diagnostics.UnsupportedArrayCreation);
      return;
    }
    checkStaticInitializer(ctx, make.body, type.element);
    return;
  }
  if (ts.isObjectLiteralExpression(e)) {
    if (type.kind !== 'interface') {
      ctx.report(e, Diagnostics.ObjectLiteral);
      return;
    }
    const fields = type.decl.members.filter(ts.isPropertySignature);
    const seen = new Set<string>();
    for (const prop of e.properties) {
      if (!ts.isPropertyAssignment(prop)) {
        ctx.report(
          prop,
          prop.kind === ts.SyntaxKind.SpreadAssignment ? Diagnostics.Spread : Diagnostics.ObjectLiteral,
        );
        continue;
      }
      const name = prop.name.getText();
      const field = fields.find((f) => f.name.getText() === name);
      if (field === undefined) continue; // TypeScript reports excess properties
      seen.add(name);
      const ft = declaredType(ctx, field);
      if (ft !== null) checkStaticInitializer(ctx, prop.initializer, ft);
    }
    return;
  }
  if (ts.isStringLiteral(e)) {
    if (type.kind !== 'cstr') ctx.report(e, Diagnostics.StringLiteralUse);
    return;
  }
  if (e.kind === ts.SyntaxKind.ThisKeyword) {
    ctx.report(e, Diagnostics.ThisOutsideMethod);
    return;
  }
  // Scalars and references: typed like any expression, and constant.
  if (type.kind === 'class' && (staticObjectDecl(ctx, e) !== undefined || staticArrayElement(ctx, e))) {
    expectType(ctx, e, type);
    return;
  }
  if (type.kind === 'array') {
    ctx.report(e, Diagnostics.UnsupportedArrayCreation);
    return;
  }
  const i = expectType(ctx, e, type);
  const constant =
    i.constant !== undefined ||
    constantValue(ctx, e) !== undefined ||
    e.kind === ts.SyntaxKind.NullKeyword ||
    e.kind === ts.SyntaxKind.TrueKeyword ||
    e.kind === ts.SyntaxKind.FalseKeyword;
  if (!constant) {
    const owner = ts.findAncestor(
      e,
      (n) => ts.isVariableDeclaration(n) || ts.isPropertyDeclaration(n) || ts.isPropertyAssignment(n),
    ) as ts.NamedDeclaration | undefined;
    if (isArgument) ctx.report(e, Diagnostics.NonConstantArgument);
    else ctx.report(e, Diagnostics.ConstantNotFolded, owner?.name?.getText() ?? 'this value');
  }
}

function sameElement(a: SubsetType, b: SubsetType): boolean {
  return a.kind === b.kind && (a as { name?: string }).name === (b as { name?: string }).name;
}
