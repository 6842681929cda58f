// Stage 3, check: walks every module's declarations and enforces the subset rules (docs/TS-SUBSET.md):
// allowed top-level statements, imports and exports, function signatures, classes (fields, constructor
// form, no inheritance), enums, interfaces and module variables. Function bodies are checked by
// check-statements.ts, static initializers by check-static.ts, and the call graph for recursion by
// check-recursion.ts. Reports into the context; the emitter runs only when nothing was reported.
import ts from 'typescript';
import type { Context } from './context.ts';
import { Diagnostics } from './diagnostics.ts';
import { checkRecursion } from './check-recursion.ts';
import { checkStaticInitializer } from './check-static.ts';
import { checkBody, forEachInitializedDeclaration } from './check-statements.ts';
import {
  arrayLengthOfInitializer,
  constantValue,
  declarationOf,
  externSymbol,
  isModuleConst,
  isStaticReadonly,
  resolveTypeNode,
  runtimeExportName,
  skipOuter,
} from './resolve.ts';
import { declaredType, expectType } from './typing.ts';
import { TYPED_ARRAYS, typeName, type SubsetType } from './types.ts';

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
    const assignment = s.expression;
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
  forEachInitializedDeclaration(ctx, list, statement, Diagnostics.ConstantNotFolded, (decl) => {
    // A bare numeric constant (`const N = 16`) is a named constant, typed where it is used.
    if (
      decl.type === undefined &&
      isModuleConst(decl) &&
      constantValue(ctx, decl.initializer) !== undefined &&
      !ts.isCallExpression(skipOuter(decl.initializer))
    )
      return;
    // An unannotated declaration of a construct outside the subset gets the construct's own diagnostic,
    // without the follow-on ones of the declaration (type annotation, heap allocation); an annotated one
    // is reported at its type.
    if (decl.type === undefined && reportUnsupportedInitializer(ctx, skipOuter(decl.initializer))) return;
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
            return;
          if (ts.isNewExpression(init)) {
            const cls = declarationOf(ctx, init.expression);
            if (cls !== undefined && ts.isClassDeclaration(cls)) {
              const t: SubsetType = { kind: 'class', decl: cls, nullable: false };
              ctx.declTypes.set(decl, t);
              checkStaticInitializer(ctx, decl.initializer, t);
              return;
            }
          }
          ctx.report(decl, Diagnostics.MissingAnnotation, decl.name.text);
        }
      }
      return;
    }
    if (type.kind === 'array' && type.length === null && !type.readonly) {
      if (arrayLengthOfInitializer(ctx, decl.initializer) === undefined)
        ctx.report(decl.initializer, Diagnostics.UnsupportedArrayCreation);
      return;
    }
    if (type.kind === 'array' && type.length === 0) {
      // C has no zero-size arrays (an empty row of const data, a pointer and a length, is fine).
      ctx.report(decl.initializer, Diagnostics.UnsupportedArrayCreation);
      return;
    }
    checkStaticInitializer(ctx, decl.initializer, type);
  });
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
