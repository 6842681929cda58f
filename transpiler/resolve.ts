// Stage 2, resolve: maps declarations to subset types. Type annotations are resolved through their
// symbols (the checker erases `type u8 = number`, so `u8` is recognised by its alias declaration in the
// runtime module), array lengths are read from initializers, constants are folded, and a call's callee
// is found (a runtime intrinsic, a Math member, a function or a method of the program).
import ts from 'typescript';
import type { Context } from './context.ts';
import { Diagnostics } from './diagnostics.ts';
import { isRuntimeFile } from './load.ts';
import {
  typeName,
  BOOL,
  CSTR,
  F32,
  F64,
  INT,
  INT_NAMES,
  NULL,
  TYPED_ARRAYS,
  VOID,
  type IntName,
  type SubsetType,
} from './types.ts';

/** The symbol an identifier or name refers to, with import aliases followed. */
function resolvedSymbol(ctx: Context, node: ts.Node): ts.Symbol | undefined {
  let symbol = ctx.checker.getSymbolAtLocation(node);
  if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias)
    symbol = ctx.checker.getAliasedSymbol(symbol);
  return symbol;
}

/** The first declaration of the symbol `node` refers to. */
export function declarationOf(ctx: Context, node: ts.Node): ts.Declaration | undefined {
  const symbol = resolvedSymbol(ctx, node);
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
}

/** The declaration of the type a type name refers to (a name like `u8` is both a type alias and a
 *  conversion function: the type side is wanted here). */
function typeDeclarationOf(ctx: Context, node: ts.Node): ts.Declaration | undefined {
  const symbol = resolvedSymbol(ctx, node);
  const decls = symbol?.declarations ?? [];
  return (
    decls.find(
      (d) =>
        ts.isTypeAliasDeclaration(d) ||
        ts.isClassDeclaration(d) ||
        ts.isEnumDeclaration(d) ||
        ts.isInterfaceDeclaration(d),
    ) ?? decls[0]
  );
}

/** When `node` names an export of the subset runtime module, that export's name. */
export function runtimeExportName(ctx: Context, node: ts.Node): string | undefined {
  const decl = declarationOf(ctx, node);
  if (decl === undefined || !isRuntimeFile(decl.getSourceFile())) return undefined;
  const name = ts.getNameOfDeclaration(decl);
  return name !== undefined && ts.isIdentifier(name) ? name.text : undefined;
}

/** True when `decl` comes from TypeScript's default library (lib.*.d.ts) or @types. */
export function isLibraryDeclaration(ctx: Context, decl: ts.Node): boolean {
  const file = decl.getSourceFile();
  return ctx.program.isSourceFileDefaultLibrary(file) || file.isDeclarationFile;
}

/** Strips parentheses, `as const`, `satisfies` and non-null assertions around an expression. */
export function skipOuter(expr: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(expr)) expr = expr.expression;
    else if (ts.isAsExpression(expr) && ts.isTypeReferenceNode(expr.type) && expr.type.getText() === 'const')
      expr = expr.expression;
    else if (ts.isSatisfiesExpression(expr)) expr = expr.expression;
    else return expr;
  }
}

/** The `@extern c_symbol` tag of a function, if any ('' when the tag has no valid symbol). */
export function externSymbol(fn: ts.FunctionDeclaration): string | undefined {
  for (const tag of ts.getJSDocTags(fn)) {
    if (tag.tagName.text !== 'extern') continue;
    const comment =
      typeof tag.comment === 'string' ? tag.comment : (ts.getTextOfJSDocComment(tag.comment) ?? '');
    const symbol = comment.trim().split(/\s+/)[0] ?? '';
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(symbol) ? symbol : '';
  }
  return undefined;
}

/** True when the declaration carries the JSDoc tag `@<name>`. */
export function hasJsDocTag(node: ts.Node, name: string): boolean {
  return ts.getJSDocTags(node).some((t) => t.tagName.text === name);
}

/** Resolves a type annotation; reports (when `report`) and returns null for types outside the subset. */
export function resolveTypeNode(ctx: Context, node: ts.TypeNode, report = true): SubsetType | null {
  const fail = (definition: (typeof Diagnostics)[keyof typeof Diagnostics], ...args: string[]): null => {
    if (report) ctx.report(node, definition, ...args);
    return null;
  };
  switch (node.kind) {
    case ts.SyntaxKind.BooleanKeyword:
      return BOOL;
    case ts.SyntaxKind.VoidKeyword:
      return VOID;
    case ts.SyntaxKind.NumberKeyword:
      return fail(Diagnostics.NumberType);
    case ts.SyntaxKind.AnyKeyword:
      return fail(Diagnostics.AnyType);
    case ts.SyntaxKind.UnknownKeyword:
      return fail(Diagnostics.UnknownType);
  }
  if (ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword) return NULL;
  if (ts.isParenthesizedTypeNode(node)) return resolveTypeNode(ctx, node.type, report);
  if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) {
    const inner = resolveTypeNode(ctx, node.type, report);
    return inner !== null && inner.kind === 'array' ? { ...inner, readonly: true } : inner;
  }
  if (ts.isArrayTypeNode(node)) {
    const element = resolveTypeNode(ctx, node.elementType, report);
    if (element === null) return null;
    if (
      element.kind === 'array' ||
      element.kind === 'cstr' ||
      element.kind === 'void' ||
      element.kind === 'null'
    ) {
      return fail(
        Diagnostics.UnsupportedElementType,
        element.kind === 'array' ? 'arrays' : typeName(element),
      );
    }
    return { kind: 'array', element, length: null, readonly: false };
  }
  if (ts.isUnionTypeNode(node)) {
    const members = node.types.map((t) => resolveTypeNode(ctx, t, report));
    if (members.some((m) => m === null)) return null;
    const nonNull = members.filter((m) => m!.kind !== 'null');
    if (members.length === 2 && nonNull.length === 1 && nonNull[0]!.kind === 'class') {
      return { ...nonNull[0], nullable: true };
    }
    return fail(Diagnostics.UnsupportedUnion);
  }
  if (ts.isTypeReferenceNode(node)) {
    const decl = typeDeclarationOf(ctx, node.typeName);
    const name = ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.getText();
    if (decl === undefined) return fail(Diagnostics.UnsupportedType, name);
    if (ts.isTypeAliasDeclaration(decl)) {
      if (isRuntimeFile(decl.getSourceFile())) {
        const alias = decl.name.text;
        if ((INT_NAMES as readonly string[]).includes(alias)) return INT(alias as IntName);
        if (alias === 'bool') return BOOL;
        if (alias === 'f32') return F32;
        if (alias === 'f64') return F64;
        if (alias === 'cstr') return CSTR;
        return fail(Diagnostics.RuntimeNodeOnly, alias);
      }
      if (isLibraryDeclaration(ctx, decl)) return fail(Diagnostics.UnsupportedType, name);
      if (decl.typeParameters !== undefined) return fail(Diagnostics.Generics);
      return resolveTypeNode(ctx, decl.type, report);
    }
    if (isLibraryDeclaration(ctx, decl)) {
      const element = TYPED_ARRAYS[name];
      if (element !== undefined) return { kind: 'array', element, length: null, readonly: false };
      if ((name === 'Array' || name === 'ReadonlyArray') && node.typeArguments?.length === 1) {
        const inner = resolveTypeNode(ctx, node.typeArguments[0], report);
        return inner === null
          ? null
          : { kind: 'array', element: inner, length: null, readonly: name === 'ReadonlyArray' };
      }
      if (['Map', 'Set', 'WeakMap', 'WeakSet'].includes(name)) return fail(Diagnostics.Collection, name);
      if (name === 'Date') return fail(Diagnostics.DateObject);
      return fail(Diagnostics.UnsupportedType, name);
    }
    if (isRuntimeFile(decl.getSourceFile())) return fail(Diagnostics.RuntimeNodeOnly, name);
    if (ts.isClassDeclaration(decl)) return { kind: 'class', decl, nullable: false };
    if (ts.isEnumDeclaration(decl)) return { kind: 'enum', decl };
    if (ts.isInterfaceDeclaration(decl)) return { kind: 'interface', decl };
    return fail(Diagnostics.UnsupportedType, name);
  }
  if (node.kind === ts.SyntaxKind.StringKeyword)
    return fail(Diagnostics.UnsupportedType, 'string (use cstr)');
  return fail(Diagnostics.UnsupportedType, node.getText());
}

// ---- constants ----------------------------------------------------------------------------------------

/** Folds a constant expression (literals, enum members, module constants, static readonly fields,
 *  arithmetic and conversions of constants) with JavaScript semantics; undefined when not constant. */
export function constantValue(
  ctx: Context,
  expr: ts.Expression,
  seen = new Set<ts.Node>(),
): number | undefined {
  expr = skipOuter(expr);
  if (ts.isNumericLiteral(expr)) return Number(expr.text);
  if (ts.isPrefixUnaryExpression(expr)) {
    const v = constantValue(ctx, expr.operand, seen);
    if (v === undefined) return undefined;
    if (expr.operator === ts.SyntaxKind.MinusToken) return -v;
    if (expr.operator === ts.SyntaxKind.PlusToken) return v;
    if (expr.operator === ts.SyntaxKind.TildeToken) return ~v;
    return undefined;
  }
  if (ts.isBinaryExpression(expr)) {
    const a = constantValue(ctx, expr.left, seen);
    const b = constantValue(ctx, expr.right, seen);
    if (a === undefined || b === undefined) return undefined;
    return foldBinary(expr.operatorToken.kind, a, b);
  }
  if (ts.isCallExpression(expr) && expr.arguments.length >= 1) {
    const fn = runtimeExportName(ctx, expr.expression);
    const args = expr.arguments.map((a) => constantValue(ctx, a, seen));
    if (fn === undefined || args.some((a) => a === undefined)) return undefined;
    const [a, b] = args as number[];
    const int = (x: number): number => (Number.isFinite(x) ? Math.trunc(x) % 0x100000000 : 0);
    switch (fn) {
      case 'u8':
        return int(a) & 0xff;
      case 'u16':
        return int(a) & 0xffff;
      case 'u32':
        return int(a) >>> 0;
      case 'i8':
        return (int(a) << 24) >> 24;
      case 'i16':
        return (int(a) << 16) >> 16;
      case 'i32':
        return int(a) | 0;
      case 'f32':
        return Math.fround(a);
      case 'f64':
        return a;
      case 'mul':
        return b === undefined ? undefined : Math.imul(a, b);
      default:
        return undefined;
    }
  }
  if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) {
    const decl = declarationOf(ctx, expr);
    // `seen` holds the declarations on the current path only (a cycle guard): a constant read twice in
    // one expression (`N - N / 4`) is folded on both sides.
    if (decl === undefined || seen.has(decl)) return undefined;
    seen.add(decl);
    try {
      if (ts.isEnumMember(decl)) return enumMemberValue(ctx, decl);
      if (ts.isVariableDeclaration(decl) && decl.initializer !== undefined && isModuleConst(decl)) {
        return constantValue(ctx, decl.initializer, seen);
      }
      if (ts.isPropertyDeclaration(decl) && decl.initializer !== undefined && isStaticReadonly(decl)) {
        return constantValue(ctx, decl.initializer, seen);
      }
    } finally {
      seen.delete(decl);
    }
  }
  return undefined;
}

/** True for `const` declarations at module level. */
export function isModuleConst(decl: ts.VariableDeclaration): boolean {
  const list = decl.parent;
  return (
    ts.isVariableDeclarationList(list) &&
    (list.flags & ts.NodeFlags.Const) !== 0 &&
    ts.isVariableStatement(list.parent) &&
    ts.isSourceFile(list.parent.parent)
  );
}

/** True when `decl` is declared with `const` (a `for (const x of a)` binding included). */
export function isConstDeclaration(decl: ts.VariableDeclaration): boolean {
  const list = decl.parent;
  return ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
}

/** True for a `const` that holds one value wherever it is read: a `for...of` binding takes a new one on
 *  every iteration. */
export function isConstBinding(decl: ts.VariableDeclaration): boolean {
  return isConstDeclaration(decl) && !ts.isForOfStatement(decl.parent.parent);
}

export function isStaticReadonly(decl: ts.PropertyDeclaration): boolean {
  const mods = ts.getModifiers(decl) ?? [];
  return (
    mods.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) &&
    mods.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword)
  );
}

/** The value of an enum member (explicit constant or previous + 1). */
export function enumMemberValue(ctx: Context, member: ts.EnumMember): number | undefined {
  const members = member.parent.members;
  let next = 0;
  for (const m of members) {
    let value = next;
    if (m.initializer !== undefined) {
      const v = constantValue(ctx, m.initializer);
      if (v === undefined) return undefined;
      value = v;
    }
    if (m === member) return value;
    next = value + 1;
  }
  return undefined;
}

// ---- callees ----------------------------------------------------------------------------------------

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

// ---- declarations ------------------------------------------------------------------------------------

/** The length of the array an initializer creates, when it is one of the subset's array creations. */
export function arrayLengthOfInitializer(ctx: Context, init: ts.Expression): number | null | undefined {
  const expr = skipOuter(init);
  if (ts.isArrayLiteralExpression(expr)) return expr.elements.length;
  if (
    ts.isNewExpression(expr) &&
    ts.isIdentifier(expr.expression) &&
    TYPED_ARRAYS[expr.expression.text] !== undefined
  ) {
    const arg = expr.arguments?.[0];
    if (arg === undefined) return 0;
    const inner = skipOuter(arg);
    if (ts.isArrayLiteralExpression(inner)) return inner.elements.length;
    const n = constantValue(ctx, arg);
    return n !== undefined && Number.isInteger(n) && n >= 0 ? n : null;
  }
  if (
    ts.isCallExpression(expr) &&
    runtimeExportName(ctx, expr.expression) === 'arrayOf' &&
    expr.arguments[0] !== undefined
  ) {
    const n = constantValue(ctx, expr.arguments[0]);
    return n !== undefined && Number.isInteger(n) && n >= 0 ? n : null;
  }
  return undefined;
}

/** The length argument of `new Uint8Array(n)` or `arrayOf(n, ...)`. */
function lengthArgument(init: ts.Expression): ts.Expression | undefined {
  const e = skipOuter(init);
  if (
    (ts.isNewExpression(e) || ts.isCallExpression(e)) &&
    e.arguments !== undefined &&
    e.arguments.length > 0
  )
    return e.arguments[0];
  return undefined;
}

/** The element type an array-creating initializer implies without annotation (typed arrays, `new C`). */
function arrayTypeOfInitializer(ctx: Context, init: ts.Expression): SubsetType | undefined {
  const expr = skipOuter(init);
  const length = arrayLengthOfInitializer(ctx, expr);
  if (length === undefined || length === null) return undefined;
  if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression)) {
    const element = TYPED_ARRAYS[expr.expression.text];
    if (element !== undefined) return { kind: 'array', element, length, readonly: false };
  }
  let made: ts.Expression | undefined;
  if (ts.isArrayLiteralExpression(expr)) made = expr.elements[0];
  else if (ts.isCallExpression(expr)) {
    const make = expr.arguments[1];
    if (make !== undefined && ts.isArrowFunction(make) && !ts.isBlock(make.body)) made = make.body;
  }
  if (made !== undefined && ts.isNewExpression(skipOuter(made))) {
    const decl = declarationOf(ctx, (skipOuter(made) as ts.NewExpression).expression);
    if (decl !== undefined && ts.isClassDeclaration(decl)) {
      return { kind: 'array', element: { kind: 'class', decl, nullable: false }, length, readonly: false };
    }
  }
  return undefined;
}

/** Fills in an array type's length from the declaration's initializer. */
function withLength(ctx: Context, type: SubsetType, init: ts.Expression | undefined): SubsetType {
  if (type.kind !== 'array' || type.length !== null || init === undefined) return type;
  const length = arrayLengthOfInitializer(ctx, init);
  if (length === undefined) return type;
  if (length === null) {
    ctx.report(lengthArgument(init) ?? init, Diagnostics.ArrayLengthNotConstant);
    return type;
  }
  return { ...type, length };
}

/** How an unannotated variable gets its type from its initializer: the typing stage's rules (typing.ts
 *  passes them with every lookup of a declaration's type). */
export interface InitializerTyping {
  /** The type of a local's initializer expression, or null (reported). */
  initializer(ctx: Context, init: ts.Expression): SubsetType | null;
  /** The element type of the array a `for...of` iterates, or null (reported). */
  forOfElement(ctx: Context, iterated: ts.Expression): SubsetType | null;
}

/** The subset type of a variable, parameter, field, interface field, or a function's return type
 *  (cached in the context). */
export function resolveDeclaredType(
  ctx: Context,
  decl: ts.Node,
  initializers: InitializerTyping,
): SubsetType | null {
  if (ctx.declTypes.has(decl)) return ctx.declTypes.get(decl)!;
  ctx.declTypes.set(decl, null); // cycle guard
  const type = computeDeclaredType(ctx, decl, initializers);
  ctx.declTypes.set(decl, type);
  return type;
}

function computeDeclaredType(
  ctx: Context,
  decl: ts.Node,
  initializers: InitializerTyping,
): SubsetType | null {
  if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) {
    if (decl.type === undefined) return null;
    return resolveTypeNode(ctx, decl.type);
  }
  if (
    ts.isVariableDeclaration(decl) ||
    ts.isPropertyDeclaration(decl) ||
    ts.isParameter(decl) ||
    ts.isPropertySignature(decl)
  ) {
    const init = ts.isPropertySignature(decl) || ts.isParameter(decl) ? undefined : decl.initializer;
    if (
      ts.isVariableDeclaration(decl) &&
      ts.isVariableDeclarationList(decl.parent) &&
      ts.isForOfStatement(decl.parent.parent)
    ) {
      return initializers.forOfElement(ctx, decl.parent.parent.expression);
    }
    if (decl.type !== undefined) {
      const type = resolveTypeNode(ctx, decl.type);
      return type === null ? null : withLength(ctx, type, init);
    }
    if (init === undefined) return null;
    const arrayType = arrayTypeOfInitializer(ctx, init);
    if (arrayType !== undefined) return arrayType;
    if (arrayLengthOfInitializer(ctx, init) === null) {
      ctx.report(lengthArgument(init) ?? init, Diagnostics.ArrayLengthNotConstant);
      return null;
    }
    const created = skipOuter(init);
    if (ts.isNewExpression(created) && ts.isVariableDeclaration(decl) && isModuleConst(decl)) {
      const cls = declarationOf(ctx, created.expression);
      if (cls !== undefined && ts.isClassDeclaration(cls))
        return { kind: 'class', decl: cls, nullable: false };
    }
    return initializers.initializer(ctx, init);
  }
  if (ts.isEnumMember(decl)) return { kind: 'enum', decl: decl.parent };
  return null;
}

/** JavaScript's own evaluation of a binary operator on constants. */
export function foldBinary(op: ts.SyntaxKind, a: number, b: number): number | undefined {
  switch (op) {
    case ts.SyntaxKind.PlusToken:
      return a + b;
    case ts.SyntaxKind.MinusToken:
      return a - b;
    case ts.SyntaxKind.AsteriskToken:
      return a * b;
    case ts.SyntaxKind.SlashToken:
      return a / b;
    case ts.SyntaxKind.AmpersandToken:
      return a & b;
    case ts.SyntaxKind.BarToken:
      return a | b;
    case ts.SyntaxKind.CaretToken:
      return a ^ b;
    case ts.SyntaxKind.LessThanLessThanToken:
      return a << b;
    case ts.SyntaxKind.GreaterThanGreaterThanToken:
      return a >> b;
    case ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken:
      return a >>> b;
    default:
      return undefined;
  }
}
