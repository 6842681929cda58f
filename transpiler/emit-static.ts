// Stage 5b, static data emitter: evaluates the initializers of static storage at transpile time and
// writes them as C initializers. Static objects (`const vm = new Vm(...)`) are built by running the
// constructor's field assignments with the constant arguments substituted; typed arrays, arrays of
// objects (literals and `arrayOf`) and `as const` data typed by interfaces become nested initializers.
// Arrays inside const data are hoisted to their own `static const` arrays (pointer + `_len`).
import ts from 'typescript';
import type { Context } from './context.ts';
import type { Lowering } from './lower.ts';
import { fieldName } from './names.ts';
import { constantValue, declarationOf, enumMemberValue, runtimeExportName, skipOuter } from './resolve.ts';
import { cString, namedInContext } from './c-expr.ts';
import type { ExpressionEmitter } from './emit-expr.ts';
import { declaredType } from './typing.ts';
import { TYPED_ARRAYS, type SubsetType } from './types.ts';

/** Parameter bindings of a constructor being evaluated: parameter → argument (in its own scope). */
type Bindings = Map<ts.ParameterDeclaration, { expr: ts.Expression; bindings: Bindings }>;

export class StaticEmitter {
  /** Hoisted arrays (const data), written before the variable that uses them. */
  readonly hoisted: string[] = [];

  constructor(
    readonly ctx: Context,
    readonly lowering: Lowering,
    readonly expressions: ExpressionEmitter,
  ) {}

  /** The C initializer of `init` for storage of `type`; `path` names hoisted arrays. */
  initializer(
    init: ts.Expression,
    type: SubsetType,
    path: string,
    bindings: Bindings = new Map(),
    indent = '',
  ): string {
    const e = skipOuter(init);
    if (ts.isIdentifier(e)) {
      const decl = declarationOf(this.ctx, e);
      const bound = decl !== undefined && ts.isParameter(decl) ? bindings.get(decl) : undefined;
      if (bound !== undefined) return this.initializer(bound.expr, type, path, bound.bindings, indent);
    }
    if (type.kind === 'array') return this.arrayInitializer(e, type, path, bindings, indent);
    if (type.kind === 'class') {
      if (ts.isNewExpression(e)) return this.objectInitializer(e, type.decl, path, bindings, indent);
      if (e.kind === ts.SyntaxKind.NullKeyword) return 'NULL';
      return `&${this.expressions.emit(e).code}`;
    }
    if (type.kind === 'interface') return this.interfaceInitializer(e, type.decl, path, bindings, indent);
    if (type.kind === 'cstr') return ts.isStringLiteral(e) ? cString(e.text) : 'NULL';
    if (type.kind === 'bool') return e.kind === ts.SyntaxKind.TrueKeyword ? 'true' : 'false';
    if (type.kind === 'enum') {
      const member = declarationOf(this.ctx, e);
      if (member !== undefined && ts.isEnumMember(member)) return this.lowering.enumMemberName(member);
      return `(enum ${this.lowering.enumTag(type.decl)})${enumMemberValue(this.ctx, member as ts.EnumMember) ?? 0}`;
    }
    const named = this.expressions.namedConstant(e);
    const value = constantValue(this.ctx, e);
    if (named !== undefined && type.kind === 'int' && value !== undefined)
      return namedInContext(named, value >= 0, type).code;
    if (value === undefined) {
      throw new Error(
        `transpiler: the static initializer '${e.getText()}' (${e.getSourceFile().fileName}) passed the checks but does not fold to a constant`,
      );
    }
    return this.expressions.constant(value, type, e).code;
  }

  private arrayInitializer(
    e: ts.Expression,
    type: Extract<SubsetType, { kind: 'array' }>,
    path: string,
    bindings: Bindings,
    indent: string,
  ): string {
    let elements: ts.Expression[] | undefined;
    if (ts.isArrayLiteralExpression(e)) elements = [...e.elements];
    else if (
      ts.isNewExpression(e) &&
      ts.isIdentifier(e.expression) &&
      TYPED_ARRAYS[e.expression.text] !== undefined
    ) {
      const arg = e.arguments?.[0];
      if (arg !== undefined && ts.isArrayLiteralExpression(skipOuter(arg)))
        elements = [...(skipOuter(arg) as ts.ArrayLiteralExpression).elements];
      else return '{0}';
    } else if (ts.isCallExpression(e) && runtimeExportName(this.ctx, e.expression) === 'arrayOf') {
      const n = constantValue(this.ctx, e.arguments[0]) ?? 0;
      const make = (e.arguments[1] as ts.ArrowFunction).body as ts.Expression;
      elements = Array.from({ length: n }, () => make);
    }
    if (elements === undefined || elements.length === 0) return '{0}';
    const inner = indent + '    ';
    const items = elements.map((el, index) =>
      this.initializer(el, type.element, `${path}_${index}`, bindings, inner),
    );
    const scalar = type.element.kind !== 'class' && type.element.kind !== 'interface';
    if (scalar && items.join(', ').length <= 90) return `{ ${items.join(', ')} }`;
    if (scalar) {
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += 8) lines.push(inner + items.slice(i, i + 8).join(', ') + ',');
      return `{\n${lines.join('\n')}\n${indent}}`;
    }
    return `{\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}}`;
  }

  /** Runs the constructor at transpile time: field initializers, then the constructor's assignments. */
  private objectInitializer(
    e: ts.NewExpression,
    cls: ts.ClassDeclaration,
    path: string,
    outer: Bindings,
    indent: string,
  ): string {
    const ctor = cls.members.find(ts.isConstructorDeclaration);
    const bindings: Bindings = new Map();
    (ctor?.parameters ?? []).forEach((param, index) => {
      const arg = e.arguments?.[index];
      if (arg !== undefined) bindings.set(param, { expr: arg, bindings: outer });
    });
    const assigned = new Map<string, ts.Expression>();
    for (const s of ctor?.body?.statements ?? []) {
      if (
        ts.isExpressionStatement(s) &&
        ts.isBinaryExpression(s.expression) &&
        ts.isPropertyAccessExpression(s.expression.left)
      ) {
        assigned.set(s.expression.left.name.text, s.expression.right);
      }
    }
    const inner = indent + '    ';
    const fields = this.lowering.fields(cls).map((field) => {
      const name = field.name.getText();
      const type = declaredType(this.ctx, field)!;
      const value = assigned.get(name) ?? field.initializer;
      const cname = fieldName(name);
      if (value === undefined) return `${inner}.${cname} = ${zeroOf(type)},`;
      return `${inner}.${cname} = ${this.initializer(value, type, `${path}_${cname}`, bindings, inner)},`;
    });
    if (fields.length === 0) return '{0}';
    return `{\n${fields.join('\n')}\n${indent}}`;
  }

  private interfaceInitializer(
    e: ts.Expression,
    decl: ts.InterfaceDeclaration,
    path: string,
    bindings: Bindings,
    indent: string,
  ): string {
    if (!ts.isObjectLiteralExpression(e)) return '{0}';
    const inner = indent + '    ';
    const lines: string[] = [];
    for (const field of decl.members.filter(ts.isPropertySignature)) {
      const name = field.name.getText();
      const cname = fieldName(name);
      const type = declaredType(this.ctx, field)!;
      const prop = e.properties.find(
        (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name,
      );
      if (prop === undefined) continue;
      if (type.kind === 'array') {
        const value = skipOuter(prop.initializer);
        const count = ts.isArrayLiteralExpression(value) ? value.elements.length : 0;
        const arrayName = `${path}_${cname}`;
        if (count === 0) {
          lines.push(`${inner}.${cname} = NULL,`, `${inner}.${cname}_len = 0u,`);
          continue;
        }
        const body = this.initializer(value, type, arrayName, bindings, '');
        this.hoisted.push(
          `static const ${this.lowering.elementType(type.element)} ${arrayName}[${count}] = ${body};`,
        );
        lines.push(`${inner}.${cname} = ${arrayName},`, `${inner}.${cname}_len = ${count}u,`);
        continue;
      }
      lines.push(
        `${inner}.${cname} = ${this.initializer(prop.initializer, type, `${path}_${cname}`, bindings, inner)},`,
      );
    }
    if (lines.length === 0) return '{0}';
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
}

function zeroOf(type: SubsetType): string {
  switch (type.kind) {
    case 'array':
    case 'interface':
      return '{0}';
    case 'class':
      return 'NULL';
    case 'bool':
      return 'false';
    case 'float':
      return '0.0';
    default:
      return '0';
  }
}
