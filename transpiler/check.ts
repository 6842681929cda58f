// Stage 3, check: walks every module's declarations and statements and enforces the subset rules
// (docs/TS-SUBSET.md): allowed declarations and statements, annotations, the wrapping rule (through
// typing.ts), static object creation, constructor form, switch form, and the absence of recursion
// (call graph). Reports into the context; the emitter runs only when nothing was reported.
import ts from 'typescript';
import type { Context } from './context.ts';
import { Diagnostics } from './diagnostics.ts';
import {
  arrayLengthOfInitializer,
  constantValue,
  declarationOf,
  calleeOf,
  externSymbol,
  isModuleConst,
  isStaticReadonly,
  resolveTypeNode,
  runtimeExportName,
  skipOuter,
} from './resolve.ts';
import {
  declaredType,
  expectBool,
  expectType,
  typeCanonical,
  typeCompoundValue,
  typeExpr,
} from './typing.ts';
import { compoundOperator } from './typing-operators.ts';
import { countingLoop } from './variable-bounds.ts';
import { INT_INFO, TYPED_ARRAYS, typeName, widensTo, type SubsetType } from './types.ts';

/** Checks `files` (default: every module of the graph); the call graph spans all modules. */
export function checkModules(ctx: Context, files: readonly ts.SourceFile[] = ctx.modules): void {
  for (const file of files) checkModule(ctx, file);
  checkRecursion(ctx);
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function checkModule(ctx: Context, file: ts.SourceFile): void {
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (
        clause !== undefined &&
        (clause.name !== undefined ||
          (clause.namedBindings !== undefined && !ts.isNamedImports(clause.namedBindings)))
      ) {
        ctx.report(statement, Diagnostics.ImportForm);
      }
    } else if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      ctx.report(statement, Diagnostics.ExportForm);
    } else if (ts.isFunctionDeclaration(statement)) {
      checkFunction(ctx, statement);
    } else if (ts.isClassDeclaration(statement)) {
      checkClass(ctx, statement);
    } else if (ts.isEnumDeclaration(statement)) {
      checkEnum(ctx, statement);
    } else if (ts.isInterfaceDeclaration(statement)) {
      checkInterface(ctx, statement);
    } else if (ts.isTypeAliasDeclaration(statement)) {
      if (statement.typeParameters !== undefined) ctx.report(statement, Diagnostics.Generics);
      else resolveTypeNode(ctx, statement.type);
    } else if (ts.isVariableStatement(statement)) {
      checkModuleVariables(ctx, statement);
    } else if (ts.isEmptyStatement(statement)) {
      // nothing
    } else if (ts.isModuleDeclaration(statement)) {
      ctx.report(statement, Diagnostics.UnsupportedSyntax, 'namespace');
    } else {
      ctx.report(statement, Diagnostics.UnsupportedTopLevel);
    }
  }
}

// ---- declarations --------------------------------------------------------------------------------------

function checkParameters(ctx: Context, fn: ts.SignatureDeclaration): void {
  for (const param of fn.parameters) {
    if (!ts.isIdentifier(param.name)) {
      ctx.report(param, Diagnostics.Destructuring);
      continue;
    }
    if (
      param.initializer !== undefined ||
      param.questionToken !== undefined ||
      param.dotDotDotToken !== undefined
    ) {
      ctx.report(param, Diagnostics.ParameterForm);
      continue;
    }
    if (param.type === undefined) {
      ctx.report(param, Diagnostics.MissingAnnotation, param.name.text);
      continue;
    }
    const type = declaredType(ctx, param);
    if (type !== null && (type.kind === 'void' || type.kind === 'null'))
      ctx.report(param.type, Diagnostics.UnsupportedType, typeName(type));
    if (ts.isConstructorDeclaration(fn)) continue;
    if (
      hasModifier(param, ts.SyntaxKind.PublicKeyword) ||
      hasModifier(param, ts.SyntaxKind.PrivateKeyword) ||
      hasModifier(param, ts.SyntaxKind.ReadonlyKeyword)
    ) {
      ctx.report(param, Diagnostics.UnsupportedSyntax, 'parameter property');
    }
  }
}

function checkSignature(
  ctx: Context,
  fn: ts.FunctionDeclaration | ts.MethodDeclaration,
  name: string,
): SubsetType | null {
  // Reported at the declaration (the editor underlines the whole signature line).
  if (fn.typeParameters !== undefined) ctx.report(fn, Diagnostics.Generics);
  if (hasModifier(fn, ts.SyntaxKind.AsyncKeyword)) ctx.report(fn, Diagnostics.AsyncCode, 'async');
  if (fn.asteriskToken !== undefined) ctx.report(fn, Diagnostics.Generator);
  checkParameters(ctx, fn);
  if (fn.type === undefined) {
    ctx.report(fn.name ?? fn, Diagnostics.MissingReturnType, name);
    return null;
  }
  const ret = declaredType(ctx, fn);
  if (ret !== null && ret.kind === 'array')
    ctx.report(fn.type, Diagnostics.UnsupportedType, `${typeName(ret)} as a return type`);
  return ret;
}

function checkFunction(ctx: Context, fn: ts.FunctionDeclaration): void {
  const name = fn.name?.text ?? 'default';
  if (fn.name === undefined) ctx.report(fn, Diagnostics.ExportForm);
  const extern = externSymbol(fn);
  if (extern === '') {
    const tag = ts.getJSDocTags(fn).find((t) => t.tagName.text === 'extern')!;
    ctx.report(tag, Diagnostics.ExternTag, typeof tag.comment === 'string' ? tag.comment : '');
  }
  if (fn.body === undefined) {
    if (extern === undefined) ctx.report(fn, Diagnostics.Overload);
    return;
  }
  const ret = checkSignature(ctx, fn, name);
  if (extern !== undefined) return; // the body is the Node simulation: not transpiled, not checked
  checkBody(ctx, fn.body, ret, name, fn);
}

function checkBody(ctx: Context, body: ts.Block, ret: SubsetType | null, name: string, fn: ts.Node): void {
  const state: FunctionState = { ret, loopDepth: 0, switchDepth: 0 };
  for (const s of body.statements) checkStatement(ctx, s, state);
  if (ret !== null && ret.kind !== 'void' && !alwaysReturns(body))
    ctx.report((fn as ts.FunctionDeclaration).name ?? fn, Diagnostics.MissingReturn, name);
}

/** Conservative: the block ends in `return`, or an if/else whose branches return, or a switch whose
 *  clauses (with a default) all return, or `while (true)` without break. */
function alwaysReturns(node: ts.Statement): boolean {
  if (ts.isBlock(node)) {
    const last = node.statements[node.statements.length - 1];
    return last !== undefined && alwaysReturns(last);
  }
  if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) return true;
  if (ts.isIfStatement(node))
    return (
      node.elseStatement !== undefined &&
      alwaysReturns(node.thenStatement) &&
      alwaysReturns(node.elseStatement)
    );
  if (ts.isSwitchStatement(node)) {
    const clauses = node.caseBlock.clauses;
    if (!clauses.some(ts.isDefaultClause)) return false;
    return clauses.every(
      (c, i) =>
        (c.statements.length === 0 && i < clauses.length - 1) ||
        (c.statements.length > 0 && alwaysReturns(c.statements[c.statements.length - 1]!)),
    );
  }
  if (
    (ts.isWhileStatement(node) || ts.isForStatement(node)) &&
    (node.kind === ts.SyntaxKind.ForStatement
      ? (node as ts.ForStatement).condition === undefined
      : (node as ts.WhileStatement).expression.kind === ts.SyntaxKind.TrueKeyword)
  ) {
    let breaks = false;
    const visit = (n: ts.Node): void => {
      if (ts.isBreakStatement(n)) breaks = true;
      if (ts.isIterationStatement(n, false) || ts.isSwitchStatement(n)) return;
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(node.statement, visit);
    return !breaks;
  }
  return false;
}

function checkClass(ctx: Context, cls: ts.ClassDeclaration): void {
  if (cls.name === undefined) ctx.report(cls, Diagnostics.ExportForm);
  if (cls.typeParameters !== undefined) ctx.report(cls, Diagnostics.Generics);
  if (hasModifier(cls, ts.SyntaxKind.AbstractKeyword)) ctx.report(cls, Diagnostics.AbstractClass, 'abstract');
  for (const clause of cls.heritageClauses ?? []) {
    if (clause.token === ts.SyntaxKind.ExtendsKeyword) ctx.report(clause, Diagnostics.Inheritance, 'extends');
    else ctx.report(clause, Diagnostics.ClassImplements);
  }
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  const assignedInCtor = new Set<string>();
  if (ctor !== undefined) checkConstructor(ctx, ctor, assignedInCtor);
  for (const member of cls.members) {
    if (member.name !== undefined && ts.isPrivateIdentifier(member.name)) {
      ctx.report(member.name, Diagnostics.PrivateName);
      continue;
    }
    if (ts.isPropertyDeclaration(member)) {
      const name = member.name.getText();
      if (hasModifier(member, ts.SyntaxKind.StaticKeyword)) {
        if (
          !isStaticReadonly(member) ||
          member.initializer === undefined ||
          constantValue(ctx, member.initializer) === undefined
        )
          ctx.report(member, Diagnostics.StaticMember);
        continue;
      }
      if (
        member.type === undefined &&
        (member.initializer === undefined ||
          skipOuter(member.initializer).kind !== ts.SyntaxKind.NewExpression)
      ) {
        if (member.initializer === undefined || !isArrayCreation(ctx, member.initializer)) {
          ctx.report(member, Diagnostics.FieldForm, name);
          continue;
        }
      }
      if (member.initializer === undefined && !assignedInCtor.has(name)) {
        ctx.report(member, Diagnostics.FieldForm, name);
        continue;
      }
      const type = declaredType(ctx, member);
      if (type === null) continue;
      if (
        type.kind === 'void' ||
        type.kind === 'null' ||
        (type.kind === 'cstr' && member.initializer === undefined)
      ) {
        if (type.kind !== 'cstr') ctx.report(member, Diagnostics.UnsupportedType, typeName(type));
      }
      if (type.kind === 'array' && type.length === null)
        ctx.report(member, Diagnostics.ArrayLengthNotConstant);
      if (member.initializer !== undefined) checkStaticInitializer(ctx, member.initializer, type);
    } else if (ts.isMethodDeclaration(member)) {
      const name = member.name.getText();
      if (hasModifier(member, ts.SyntaxKind.StaticKeyword)) {
        ctx.report(member, Diagnostics.StaticMember);
        continue;
      }
      const ret = checkSignature(ctx, member, name);
      if (member.body === undefined) ctx.report(member, Diagnostics.Overload);
      else checkBody(ctx, member.body, ret, name, member);
    } else if (ts.isConstructorDeclaration(member)) {
      // checked above
    } else if (ts.isGetAccessor(member) || ts.isSetAccessor(member)) {
      ctx.report(member, Diagnostics.Accessor);
    } else if (ts.isClassStaticBlockDeclaration(member)) {
      ctx.report(member, Diagnostics.StaticMember);
    } else if (!ts.isSemicolonClassElement(member)) {
      ctx.report(member, Diagnostics.UnsupportedSyntax, ts.SyntaxKind[member.kind]);
    }
  }
}

function isArrayCreation(ctx: Context, init: ts.Expression): boolean {
  const e = skipOuter(init);
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && TYPED_ARRAYS[e.expression.text] !== undefined)
    return true;
  if (ts.isCallExpression(e) && runtimeExportName(ctx, e.expression) === 'arrayOf') return true;
  return ts.isArrayLiteralExpression(e);
}

/** Constructors are evaluated at transpile time: only `this.field = parameter-or-constant;`. */
function checkConstructor(ctx: Context, ctor: ts.ConstructorDeclaration, assigned: Set<string>): void {
  checkParameters(ctx, ctor);
  for (const param of ctor.parameters) {
    if (ts.canHaveModifiers(param) && (ts.getModifiers(param) ?? []).length > 0)
      ctx.report(param, Diagnostics.UnsupportedSyntax, 'parameter property');
  }
  for (const s of ctor.body?.statements ?? []) {
    const ok =
      ts.isExpressionStatement(s) &&
      ts.isBinaryExpression(s.expression) &&
      s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(s.expression.left) &&
      s.expression.left.expression.kind === ts.SyntaxKind.ThisKeyword;
    if (!ok) {
      ctx.report(s, Diagnostics.ConstructorForm);
      continue;
    }
    const assignment = s.expression as ts.BinaryExpression;
    const target = assignment.left as ts.PropertyAccessExpression;
    assigned.add(target.name.text);
    const field = declarationOf(ctx, target);
    const type = field === undefined ? null : declaredType(ctx, field);
    const value = skipOuter(assignment.right);
    const paramDecl = ts.isIdentifier(value) ? declarationOf(ctx, value) : undefined;
    if (paramDecl !== undefined && ts.isParameter(paramDecl) && paramDecl.parent === ctor) {
      if (type !== null) expectType(ctx, value, type);
      continue;
    }
    if (type !== null) checkStaticInitializer(ctx, assignment.right, type);
  }
}

function checkEnum(ctx: Context, decl: ts.EnumDeclaration): void {
  for (const member of decl.members) {
    if (member.initializer === undefined) continue;
    const init = skipOuter(member.initializer);
    if (ts.isStringLiteral(init)) {
      ctx.report(member, Diagnostics.UnsupportedSyntax, 'string enum member');
      continue;
    }
    const v = constantValue(ctx, init);
    if (v === undefined || !Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff)
      ctx.report(member.initializer, Diagnostics.NonConstantCase);
  }
}

function checkInterface(ctx: Context, decl: ts.InterfaceDeclaration): void {
  if (decl.typeParameters !== undefined) ctx.report(decl, Diagnostics.Generics);
  if (decl.heritageClauses !== undefined) ctx.report(decl, Diagnostics.Inheritance, 'extends');
  for (const member of decl.members) {
    if (!ts.isPropertySignature(member) || member.type === undefined) {
      ctx.report(member, Diagnostics.InterfaceUse, 'only fields with types');
      continue;
    }
    if (member.questionToken !== undefined)
      ctx.report(member, Diagnostics.InterfaceUse, 'optional fields are not allowed');
    const type = declaredType(ctx, member);
    if (type !== null && type.kind === 'class')
      ctx.report(member, Diagnostics.InterfaceUse, 'fields cannot reference class instances');
  }
}

function checkModuleVariables(ctx: Context, statement: ts.VariableStatement): void {
  const list = statement.declarationList;
  if (hasModifier(statement, ts.SyntaxKind.DeclareKeyword)) {
    ctx.report(statement, Diagnostics.UnsupportedSyntax, 'declare');
    return;
  }
  if ((list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) {
    ctx.report(statement, Diagnostics.VarDeclaration);
    return;
  }
  for (const decl of list.declarations) {
    if (!ts.isIdentifier(decl.name)) {
      ctx.report(decl, Diagnostics.Destructuring);
      continue;
    }
    if (decl.initializer === undefined) {
      ctx.report(decl, Diagnostics.ConstantNotFolded, decl.name.text);
      continue;
    }
    // A bare numeric constant (`const N = 16`) is a named constant, typed where it is used.
    if (
      decl.type === undefined &&
      isModuleConst(decl) &&
      constantValue(ctx, decl.initializer) !== undefined &&
      !ts.isCallExpression(skipOuter(decl.initializer))
    )
      continue;
    // An unannotated declaration of a construct outside the subset gets the construct's own diagnostic,
    // without the follow-on ones of the declaration (type annotation, heap allocation); an annotated one
    // is reported at its type.
    if (decl.type === undefined && reportUnsupportedInitializer(ctx, skipOuter(decl.initializer))) continue;
    const type = declaredType(ctx, decl);
    if (type === null) {
      if (decl.type === undefined) {
        const init = skipOuter(decl.initializer);
        if (
          ts.isNewExpression(init) ||
          ts.isObjectLiteralExpression(init) ||
          ts.isArrayLiteralExpression(init)
        ) {
          // `const x = new C()` (a static object) has the class type.
          if (
            ts.isNewExpression(init) &&
            ts.isIdentifier(init.expression) &&
            TYPED_ARRAYS[init.expression.text] !== undefined
          )
            continue;
          if (ts.isNewExpression(init)) {
            const cls = declarationOf(ctx, init.expression);
            if (cls !== undefined && ts.isClassDeclaration(cls)) {
              const t: SubsetType = { kind: 'class', decl: cls, nullable: false };
              ctx.declTypes.set(decl, t);
              checkStaticInitializer(ctx, decl.initializer, t);
              continue;
            }
          }
          ctx.report(decl, Diagnostics.MissingAnnotation, decl.name.text);
        }
      }
      continue;
    }
    if (type.kind === 'array' && type.length === null && !type.readonly) {
      if (arrayLengthOfInitializer(ctx, decl.initializer) === undefined)
        ctx.report(decl.initializer, Diagnostics.UnsupportedArrayCreation);
      continue;
    }
    if (type.kind === 'array' && type.length === 0) {
      // C has no zero-size arrays (an empty row of const data, a pointer and a length, is fine).
      ctx.report(decl.initializer, Diagnostics.UnsupportedArrayCreation);
      continue;
    }
    checkStaticInitializer(ctx, decl.initializer, type);
  }
}

/** A reference to a module-level static object (`const x = new C()`), usable in static initializers. */
export function staticObjectDecl(ctx: Context, expr: ts.Expression): ts.VariableDeclaration | undefined {
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
      const pt = declaredType(ctx, params[i]!);
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
    checkStaticInitializer(ctx, make.body as ts.Expression, type.element);
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

/** Reports a module-level initializer that is a construct outside the subset with that construct's own
 *  code: `new Map/Set/WeakMap/WeakSet` (BH1507), `new Date` (BH1513), an array of functions (BH1405).
 *  Returns whether it reported. */
function reportUnsupportedInitializer(ctx: Context, init: ts.Expression): boolean {
  if (ts.isNewExpression(init) && ts.isIdentifier(init.expression)) {
    const name = init.expression.text;
    const declared = declarationOf(ctx, init.expression);
    if (declared !== undefined && ctx.isModuleFile(declared.getSourceFile())) return false;
    if (['Map', 'Set', 'WeakMap', 'WeakSet'].includes(name)) {
      ctx.report(init, Diagnostics.Collection, name);
      return true;
    }
    if (name === 'Date') {
      ctx.report(init, Diagnostics.DateObject);
      return true;
    }
    return false;
  }
  if (ts.isArrayLiteralExpression(init)) {
    const functions = init.elements.filter((el) => {
      const target = ts.isIdentifier(el) ? declarationOf(ctx, el) : undefined;
      return target !== undefined && (ts.isFunctionDeclaration(target) || ts.isMethodDeclaration(target));
    });
    for (const el of functions) ctx.report(el, Diagnostics.FunctionValue, el.getText());
    return functions.length > 0;
  }
  return false;
}

function sameElement(a: SubsetType, b: SubsetType): boolean {
  return a.kind === b.kind && (a as { name?: string }).name === (b as { name?: string }).name;
}

// ---- statements -------------------------------------------------------------------------------------------

interface FunctionState {
  ret: SubsetType | null;
  loopDepth: number;
  switchDepth: number;
}

function checkStatement(ctx: Context, s: ts.Statement, state: FunctionState): void {
  if (ts.isBlock(s)) {
    for (const inner of s.statements) checkStatement(ctx, inner, state);
  } else if (ts.isVariableStatement(s)) {
    checkLocalVariables(ctx, s.declarationList);
  } else if (ts.isExpressionStatement(s)) {
    checkExpressionStatement(ctx, s.expression);
  } else if (ts.isIfStatement(s)) {
    expectBool(ctx, s.expression);
    checkStatement(ctx, s.thenStatement, state);
    if (s.elseStatement !== undefined) checkStatement(ctx, s.elseStatement, state);
  } else if (ts.isWhileStatement(s) || ts.isDoStatement(s)) {
    expectBool(ctx, s.expression);
    checkLoopBody(ctx, s.statement, state);
  } else if (ts.isForStatement(s)) {
    checkFor(ctx, s, state);
  } else if (ts.isForOfStatement(s)) {
    if (s.awaitModifier !== undefined) ctx.report(s, Diagnostics.AsyncCode, 'for await');
    const list = s.initializer;
    if (
      !ts.isVariableDeclarationList(list) ||
      list.declarations.length !== 1 ||
      !ts.isIdentifier(list.declarations[0]!.name)
    ) {
      ctx.report(s.initializer, Diagnostics.Destructuring);
    } else {
      if ((list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0)
        ctx.report(list, Diagnostics.VarDeclaration);
      declaredType(ctx, list.declarations[0]!);
    }
    checkLoopBody(ctx, s.statement, state);
  } else if (ts.isForInStatement(s)) {
    ctx.report(s, Diagnostics.ForIn);
  } else if (ts.isSwitchStatement(s)) {
    checkSwitch(ctx, s, state);
  } else if (ts.isBreakStatement(s) || ts.isContinueStatement(s)) {
    if (s.label !== undefined) ctx.report(s, Diagnostics.LabeledStatement);
  } else if (ts.isReturnStatement(s)) {
    if (state.ret === null) {
      if (s.expression !== undefined) typeExpr(ctx, s.expression);
    } else if (state.ret.kind === 'void') {
      if (s.expression !== undefined)
        ctx.report(s.expression, Diagnostics.TypeMismatch, 'a value', 'void', ' (return)');
    } else if (s.expression === undefined) {
      ctx.report(s, Diagnostics.TypeMismatch, 'void', typeName(state.ret), ' (return)');
    } else {
      expectType(ctx, s.expression, state.ret, ' (return)');
    }
  } else if (ts.isThrowStatement(s)) {
    ctx.report(s, Diagnostics.Exceptions, 'throw');
  } else if (ts.isTryStatement(s)) {
    ctx.report(s, Diagnostics.Exceptions, 'try');
  } else if (ts.isLabeledStatement(s)) {
    ctx.report(s, Diagnostics.LabeledStatement);
  } else if (ts.isWithStatement(s)) {
    ctx.report(s, Diagnostics.DynamicGlobal, 'with');
  } else if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) {
    ctx.report(s, Diagnostics.NestedFunction);
  } else if (ts.isEmptyStatement(s)) {
    // nothing
  } else if (ts.isDebuggerStatement(s)) {
    ctx.report(s, Diagnostics.UnsupportedStatement, 'debugger');
  } else {
    ctx.report(s, Diagnostics.UnsupportedStatement, ts.SyntaxKind[s.kind]);
  }
}

function checkLoopBody(ctx: Context, body: ts.Statement, state: FunctionState): void {
  state.loopDepth++;
  checkStatement(ctx, body, state);
  state.loopDepth--;
}

/** Largest local array (bytes of stack): a buffer or a table, not a data store. */
export const LOCAL_ARRAY_MAX_BYTES = 1024;

/** `new Uint8Array(n)`, `new Uint8Array([..])` or an array literal: a local array's initializer. */
function isLocalArrayCreation(ctx: Context, init: ts.Expression): boolean {
  if (ts.isArrayLiteralExpression(init)) return true;
  if (!ts.isNewExpression(init) || !ts.isIdentifier(init.expression)) return false;
  const declared = declarationOf(ctx, init.expression);
  return (
    TYPED_ARRAYS[init.expression.text] !== undefined &&
    (declared === undefined || !ctx.isModuleFile(declared.getSourceFile()))
  );
}

/** A function-local fixed-size array of numbers or booleans: `const` (never reassigned, BH1309), of a
 *  constant length, constant elements, and at most LOCAL_ARRAY_MAX_BYTES. A `readonly` one is a constant
 *  table (static const data in C); a mutable one is a buffer on the stack, initialized on every run as
 *  JavaScript creates it anew. */
function checkLocalArray(ctx: Context, list: ts.VariableDeclarationList, decl: ts.VariableDeclaration): void {
  const init = decl.initializer!;
  if ((list.flags & ts.NodeFlags.Const) === 0) {
    ctx.report(decl, Diagnostics.ArrayAssignment);
    return;
  }
  const type = declaredType(ctx, decl);
  if (type === null) return; // reported by the type resolution
  if (type.kind !== 'array' || type.length === null) {
    ctx.report(init, Diagnostics.UnsupportedArrayCreation);
    return;
  }
  const element = type.element;
  if (element.kind === 'class' || element.kind === 'interface') {
    ctx.report(init, Diagnostics.HeapAllocation);
    return;
  }
  if (type.length === 0) {
    ctx.report(init, Diagnostics.UnsupportedArrayCreation);
    return;
  }
  if (
    element.kind !== 'int' &&
    element.kind !== 'float' &&
    element.kind !== 'bool' &&
    element.kind !== 'enum'
  ) {
    ctx.report(init, Diagnostics.UnsupportedArrayCreation);
    return;
  }
  const created = skipOuter(init);
  const literal = ts.isArrayLiteralExpression(created)
    ? created
    : ts.isNewExpression(created) && created.arguments?.[0] !== undefined
      ? skipOuter(created.arguments[0])
      : undefined;
  if (
    literal !== undefined &&
    ts.isArrayLiteralExpression(literal) &&
    !literal.elements.every((el) => isConstantElement(ctx, el))
  ) {
    ctx.report(literal, Diagnostics.UnsupportedArrayCreation);
    return;
  }
  const bytes = type.length * elementBytes(element);
  if (!type.readonly && bytes > LOCAL_ARRAY_MAX_BYTES) {
    ctx.report(decl, Diagnostics.LocalArrayTooLarge, decl.name.getText(), bytes, LOCAL_ARRAY_MAX_BYTES);
    return;
  }
  checkStaticInitializer(ctx, init, type);
}

/** A number, boolean or enum member known at transpile time (a local array's element). */
function isConstantElement(ctx: Context, el: ts.Expression): boolean {
  const e = skipOuter(el);
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (constantValue(ctx, e) !== undefined) return true;
  const member = ts.isPropertyAccessExpression(e) ? declarationOf(ctx, e) : undefined;
  return member !== undefined && ts.isEnumMember(member);
}

function elementBytes(element: SubsetType): number {
  if (element.kind === 'int') return INT_INFO[element.name].bits / 8;
  if (element.kind === 'float') return element.name === 'f32' ? 4 : 8;
  return element.kind === 'bool' ? 1 : 4; // enums are int-sized
}

function checkLocalVariables(ctx: Context, list: ts.VariableDeclarationList): void {
  if ((list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) {
    ctx.report(list, Diagnostics.VarDeclaration);
    return;
  }
  for (const decl of list.declarations) {
    if (!ts.isIdentifier(decl.name)) {
      ctx.report(decl, Diagnostics.Destructuring);
      continue;
    }
    if (decl.initializer === undefined) {
      ctx.report(decl, Diagnostics.FieldForm, decl.name.text);
      continue;
    }
    const init = skipOuter(decl.initializer);
    if (isLocalArrayCreation(ctx, init)) {
      checkLocalArray(ctx, list, decl);
      continue;
    }
    if (
      ts.isNewExpression(init) ||
      (ts.isCallExpression(init) && runtimeExportName(ctx, init.expression) === 'arrayOf')
    ) {
      ctx.report(init, Diagnostics.HeapAllocation);
      continue;
    }
    if (ts.isArrayLiteralExpression(init)) {
      ctx.report(init, Diagnostics.UnsupportedArrayCreation);
      continue;
    }
    if (decl.type !== undefined) {
      const type = declaredType(ctx, decl);
      if (type !== null) {
        if (type.kind === 'array') ctx.report(decl, Diagnostics.ArrayAssignment);
        else expectType(ctx, decl.initializer, type);
      }
    } else {
      const type = declaredType(ctx, decl); // reports through the initializer typer
      if (type !== null && type.kind === 'array') ctx.report(decl, Diagnostics.ArrayAssignment);
    }
  }
}

/** Checks an assignment target: a local, parameter, field or element, never a whole array or an
 *  embedded object. Returns its type. */
function checkAssignTarget(ctx: Context, target: ts.Expression): SubsetType | null {
  const t = skipOuter(target);
  if (!ts.isIdentifier(t) && !ts.isPropertyAccessExpression(t) && !ts.isElementAccessExpression(t)) {
    ctx.report(target, Diagnostics.Destructuring);
    return null;
  }
  const i = typeCanonical(ctx, t);
  if (i.type.kind === 'void') return null;
  if (i.type.kind === 'array') {
    ctx.report(target, Diagnostics.ArrayAssignment);
    return null;
  }
  if (ts.isPropertyAccessExpression(t)) {
    const field = declarationOf(ctx, t);
    if (field !== undefined && ts.isPropertySignature(field)) {
      ctx.report(target, Diagnostics.ConstDataMutation);
      return null;
    }
    if (
      field !== undefined &&
      ts.isPropertyDeclaration(field) &&
      field.initializer !== undefined &&
      ts.isNewExpression(skipOuter(field.initializer))
    ) {
      ctx.report(target, Diagnostics.EmbeddedAssignment, field.name.getText());
      return null;
    }
  }
  if (ts.isIdentifier(t)) {
    const decl = declarationOf(ctx, t);
    if (
      decl !== undefined &&
      ts.isVariableDeclaration(decl) &&
      decl.initializer !== undefined &&
      isModuleConst(decl)
    )
      return null; // TypeScript reports const assignment
  }
  if (i.type.kind === 'interface') {
    // Interface-typed static storage (a module variable or a field) is emitted as a const struct object;
    // only locals and parameters of interface type are pointers that may be re-pointed.
    const decl = declarationOf(ctx, t);
    const isStatic =
      decl !== undefined &&
      (ts.isPropertyDeclaration(decl) ||
        (ts.isVariableDeclaration(decl) && ts.isSourceFile(decl.parent.parent.parent)));
    if (isStatic) {
      ctx.report(
        target,
        Diagnostics.InterfaceUse,
        'a module variable or field of interface type is a const object and cannot be reassigned (keep an index into a const table instead)',
      );
      return null;
    }
  }
  return i.type;
}

function checkExpressionStatement(ctx: Context, expr: ts.Expression): void {
  const e = skipOuter(expr);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken) {
      const type = checkAssignTarget(ctx, e.left);
      if (type !== null) expectType(ctx, e.right, type);
      else typeExpr(ctx, e.right);
      return;
    }
    const compound = compoundOperator(op);
    if (compound !== undefined) {
      const type = checkAssignTarget(ctx, e.left);
      const result = typeCompoundValue(ctx, e, compound[0], compound[1], e.left, e.right);
      if (type === null || result.type.kind === 'void') return;
      if (result.unwrapped) {
        ctx.report(e, Diagnostics.CompoundUnwrapped, e.operatorToken.getText(), typeName(type), compound[1]);
        return;
      }
      const rt = result.type;
      const fits =
        (rt.kind === 'int' && type.kind === 'int' && widensTo(rt.name, type.name)) ||
        (rt.kind === 'float' && type.kind === 'float' && rt.name === type.name);
      if (!fits) ctx.report(e, Diagnostics.TypeMismatch, typeName(rt), typeName(type), '');
      return;
    }
  }
  if (ts.isCallExpression(e)) {
    typeExpr(ctx, e);
    return;
  }
  if (ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) {
    typeExpr(ctx, e); // reports ++/-- outside for
    return;
  }
  typeExpr(ctx, e);
  if (!ctx.diagnostics.some((d) => d.start >= e.getStart() && d.start < e.getEnd()))
    ctx.report(e, Diagnostics.ExpressionStatement);
}

function checkFor(ctx: Context, s: ts.ForStatement, state: FunctionState): void {
  let loopVar: ts.VariableDeclaration | undefined;
  if (s.initializer !== undefined) {
    if (ts.isVariableDeclarationList(s.initializer)) {
      checkLocalVariables(ctx, s.initializer);
      if (s.initializer.declarations.length === 1) loopVar = s.initializer.declarations[0];
    } else checkExpressionStatement(ctx, s.initializer);
  }
  if (s.condition !== undefined) expectBool(ctx, s.condition);
  const inc = s.incrementor;
  if (inc !== undefined) {
    const e = skipOuter(inc);
    if (
      (ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) &&
      (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      const plus = e.operator === ts.SyntaxKind.PlusPlusToken;
      const operand = skipOuter(e.operand);
      const ok =
        loopVar !== undefined &&
        ts.isIdentifier(operand) &&
        declarationOf(ctx, operand) === loopVar &&
        incrementIsSafe(ctx, s, loopVar, plus);
      if (!ok) {
        const t = loopVar !== undefined ? declaredType(ctx, loopVar) : null;
        ctx.report(
          e,
          Diagnostics.IncrementOutsideFor,
          plus ? '++' : '--',
          t?.kind === 'int' ? t.name : 'u32',
        );
      }
    } else checkExpressionStatement(ctx, inc);
  }
  checkLoopBody(ctx, s.statement, state);
}

/** `i++` is exact when the condition is `i < bound` (bound of i's type) and i is not assigned in the
 *  body; `i--` when the condition is `i > bound`. */
function incrementIsSafe(
  ctx: Context,
  s: ts.ForStatement,
  loopVar: ts.VariableDeclaration,
  plus: boolean,
): boolean {
  const type = declaredType(ctx, loopVar);
  if (type === null || type.kind !== 'int') return false;
  // The bound must lie inside i's type: `for (let t: u8 = 0; t < n; t++)` with n up to 300 counts to 299
  // in JavaScript while C's uint8_t wraps at 256 (and never ends).
  const cond = s.condition === undefined ? undefined : skipOuter(s.condition);
  if (cond !== undefined && ts.isBinaryExpression(cond)) {
    const bound = typeExpr(ctx, cond.right);
    const range = INT_INFO[type.name];
    if (plus ? bound.max > range.max : bound.min < range.min) return false;
  }
  if (plus)
    return (
      countingLoop(ctx, typeExpr, loopVar) !== undefined ||
      isBoundedCondition(ctx, s, loopVar, ts.SyntaxKind.LessThanToken)
    );
  return isBoundedCondition(ctx, s, loopVar, ts.SyntaxKind.GreaterThanToken);
}

function isBoundedCondition(
  ctx: Context,
  s: ts.ForStatement,
  loopVar: ts.VariableDeclaration,
  op: ts.SyntaxKind,
): boolean {
  const cond = s.condition;
  if (cond === undefined || !ts.isBinaryExpression(cond) || cond.operatorToken.kind !== op) return false;
  if (!ts.isIdentifier(cond.left) || declarationOf(ctx, cond.left) !== loopVar) return false;
  let assigned = false;
  const visit = (n: ts.Node): void => {
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      ts.isIdentifier(skipOuter(n.left)) &&
      declarationOf(ctx, skipOuter(n.left)) === loopVar
    )
      assigned = true;
    ts.forEachChild(n, visit);
  };
  visit(s.statement);
  return !assigned;
}

function checkSwitch(ctx: Context, s: ts.SwitchStatement, state: FunctionState): void {
  const d = typeCanonical(ctx, s.expression);
  const dt = d.type;
  const labelsChecked = dt.kind === 'int' || dt.kind === 'enum';
  if (!labelsChecked && dt.kind !== 'void')
    ctx.report(s.expression, Diagnostics.OperandKind, 'switch', typeName(dt));
  const clauses = s.caseBlock.clauses;
  const seen = new Set<number>();
  clauses.forEach((clause, index) => {
    if (ts.isDefaultClause(clause) && index < clauses.length - 1)
      ctx.report(clause, Diagnostics.SwitchDefaultPosition);
    if (ts.isCaseClause(clause) && labelsChecked) {
      const label = skipOuter(clause.expression);
      const value = constantValue(ctx, label);
      if (value === undefined) ctx.report(clause.expression, Diagnostics.NonConstantCase);
      else {
        if (seen.has(value))
          ctx.report(clause.expression, Diagnostics.UnsupportedSyntax, 'duplicate case label');
        seen.add(value);
        if (dt.kind === 'int' || dt.kind === 'enum') expectType(ctx, clause.expression, dt);
      }
    }
    state.switchDepth++;
    for (const st of clause.statements) checkStatement(ctx, st, state);
    state.switchDepth--;
    const last = clause.statements[clause.statements.length - 1];
    if (last !== undefined && index < clauses.length - 1 && !endsClause(last))
      ctx.report(clause, Diagnostics.SwitchFallthrough);
  });
}

function endsClause(s: ts.Statement): boolean {
  if (ts.isBreakStatement(s) || ts.isReturnStatement(s) || ts.isContinueStatement(s)) return true;
  if (ts.isBlock(s)) {
    const last = s.statements[s.statements.length - 1];
    return last !== undefined && endsClause(last);
  }
  if (ts.isIfStatement(s))
    return s.elseStatement !== undefined && endsClause(s.thenStatement) && endsClause(s.elseStatement);
  return false;
}

// ---- recursion ------------------------------------------------------------------------------------------------

type Callable = ts.FunctionDeclaration | ts.MethodDeclaration;

function callableName(fn: Callable): string {
  const name = fn.name?.getText() ?? '?';
  if (ts.isMethodDeclaration(fn) && ts.isClassDeclaration(fn.parent))
    return `${fn.parent.name?.text ?? '?'}.${name}`;
  return name;
}

/** The call graph must be acyclic: stack depth is then bounded by the longest path. Each cycle is
 *  reported at the call that closes it (depth-first search in a canonical order: files by name,
 *  functions by position), and in every other file taking part in it at that file's first call into
 *  the cycle, so the editor shows the error in each file whatever module is the entry. */
function checkRecursion(ctx: Context): void {
  const edges = new Map<Callable, { callee: Callable; call: ts.CallExpression }[]>();
  const callables: Callable[] = [];
  const files = [...ctx.modules].sort((a, b) =>
    a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0,
  );
  for (const file of files) {
    const visit = (n: ts.Node, owner: Callable | undefined): void => {
      if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.body !== undefined) {
        if (ts.isFunctionDeclaration(n) && externSymbol(n) !== undefined) return;
        callables.push(n);
        edges.set(n, []);
        ts.forEachChild(n.body, (c) => visit(c, n));
        return;
      }
      if (owner !== undefined && ts.isCallExpression(n)) {
        const callee = calleeOf(ctx, n);
        if (callee !== undefined && (callee.kind === 'function' || callee.kind === 'method'))
          edges.get(owner)!.push({ callee: callee.decl, call: n });
      }
      ts.forEachChild(n, (c) => visit(c, owner));
    };
    visit(file, undefined);
  }
  const reportedFiles = new Set<ts.SourceFile>();
  const state = new Map<Callable, 'active' | 'done'>();
  const stack: Callable[] = [];
  const dfs = (fn: Callable): void => {
    state.set(fn, 'active');
    stack.push(fn);
    for (const { callee, call } of edges.get(fn) ?? []) {
      const s = state.get(callee);
      if (s === 'active') {
        const cycle = stack.slice(stack.indexOf(callee)).map(callableName);
        ctx.report(call, Diagnostics.Recursion, [...cycle, callableName(callee)].join(' → '));
        reportedFiles.add(call.getSourceFile());
      } else if (s === undefined && edges.has(callee)) dfs(callee);
    }
    stack.pop();
    state.set(fn, 'done');
  };
  for (const fn of callables) if (!state.has(fn)) dfs(fn);

  // Other files of a cycle: their first call whose callee leads back to the caller.
  const pathBack = (from: Callable, to: Callable): Callable[] | undefined => {
    const previous = new Map<Callable, Callable>();
    const queue = [from];
    const seen = new Set([from]);
    while (queue.length > 0) {
      const fn = queue.shift()!;
      if (fn === to) {
        const path = [fn];
        for (let p = previous.get(fn); p !== undefined; p = previous.get(p)) path.unshift(p);
        return path;
      }
      for (const { callee } of edges.get(fn) ?? []) {
        if (!seen.has(callee)) {
          seen.add(callee);
          previous.set(callee, fn);
          queue.push(callee);
        }
      }
    }
    return undefined;
  };
  for (const fn of callables) {
    const file = fn.getSourceFile();
    if (reportedFiles.has(file)) continue;
    for (const { callee, call } of edges.get(fn) ?? []) {
      const back = pathBack(callee, fn);
      if (back === undefined) continue;
      ctx.report(call, Diagnostics.Recursion, [fn, ...back].map(callableName).join(' → '));
      reportedFiles.add(file);
      break;
    }
  }
}

