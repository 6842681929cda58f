// Stage 5a, expression emitter: turns a checked, typed expression into C text. Integer arithmetic is
// computed in uint32_t (modular, like JavaScript's results reduced by the conversions), signed right
// shifts in int32_t, and values are cast back to their subset type where a canonical value is needed.
// f32 arithmetic is computed in double and rounded by f32(), as JavaScript does. A comparison the range
// analysis decides is written as its value. Calls of intrinsics are written by emit-intrinsics.ts.
import ts from 'typescript';
import {
  atom,
  binaryExpr,
  cast,
  cString,
  FLOAT_OPS,
  namedInContext,
  narrowSigned,
  paren,
  postfix,
  roundToF32,
  unary,
  type CExpr,
  type ValueWriter,
} from './c-expr.ts';
import type { Context } from './context.ts';
import { decideComparison } from './decided-comparisons.ts';
import { emitMul, emitRuntimeCall } from './emit-intrinsics.ts';
import type { Scope } from './emit-scope.ts';
import { mustEvaluate } from './folded-comparisons.ts';
import type { Lowering } from './lower.ts';
import { fieldName } from './names.ts';
import {
  calleeOf,
  constantValue,
  declarationOf,
  isConstDeclaration,
  isModuleConst,
  isStaticReadonly,
  skipOuter,
} from './resolve.ts';
import { containsImpureCall } from './sequence.ts';
import { INT_INFO, type ExprInfo, type IntName, type SubsetType } from './types.ts';
import { declaredType, typeCompoundValue, typeExpr } from './typing.ts';

/** Writes the C text of expressions of one module; `scope` is the function being emitted. */
export class ExpressionEmitter implements ValueWriter {
  /** Subexpressions already evaluated into temporaries (to keep JavaScript's evaluation order). */
  readonly hoisted = new Map<ts.Expression, CExpr>();

  constructor(
    readonly ctx: Context,
    readonly lowering: Lowering,
    public scope: Scope,
  ) {}

  info(expr: ts.Expression): ExprInfo {
    return typeExpr(this.ctx, expr);
  }

  // ---- literals ------------------------------------------------------------------------------------------

  intLiteral(value: number, type: IntName | undefined, source?: ts.Expression): string {
    const unsigned = type !== undefined && !INT_INFO[type].signed;
    const written = source !== undefined && ts.isNumericLiteral(source) ? source.getText() : '';
    const text = /^0[xX]/.test(written)
      ? `0x${written.slice(2).replace(/_/g, '').toLowerCase()}`
      : String(value);
    // A negative constant that met an unsigned operand of `& | ^` stands for its 32-bit pattern.
    if (unsigned && value < 0 && value >= -0x80000000) return `0x${(value >>> 0).toString(16)}u`;
    if (value === -0x80000000) return '(-2147483647 - 1)';
    if (value < 0) return `${value}`;
    if (unsigned || value > 0x7fffffff) return `${text}u`;
    return text;
  }

  floatLiteral(value: number, single: boolean): string {
    if (Number.isNaN(value)) return single ? '__builtin_nanf("")' : '__builtin_nan("")';
    if (value === Infinity) return single ? '__builtin_inff()' : '__builtin_inf()';
    if (value === -Infinity) return single ? '-__builtin_inff()' : '-__builtin_inf()';
    if (Object.is(value, -0)) return single ? '-0.0f' : '-0.0';
    let text = String(single ? Math.fround(value) : value);
    if (!/[.eE]/.test(text)) text += '.0';
    return single ? `${text}f` : text;
  }

  /** A constant in the type the context gave it. */
  constant(value: number, type: SubsetType | undefined, source?: ts.Expression): CExpr {
    if (type?.kind === 'float') return atom(this.floatLiteral(value, type.name === 'f32'));
    if (!Number.isInteger(value)) return atom(this.floatLiteral(value, false));
    const code = this.intLiteral(
      value,
      type?.kind === 'int' ? type.name : undefined,
      source !== undefined &&
        ts.isNumericLiteral(source) &&
        Number(source.getText().replace(/_/g, '')) === value
        ? source
        : undefined,
    );
    if (code.startsWith('(')) return { code: code.slice(1, -1), repr: 'canon', prec: 12, op: '-' };
    return code.startsWith('-') ? unary(code) : atom(code);
  }

  // ---- conversions between representations --------------------------------------------------------------

  /** The value as uint32_t (mod 2^32). */
  asU32(expr: ts.Expression): CExpr {
    const i = this.info(expr);
    if (i.type.kind === 'literal' && ts.isConditionalExpression(skipOuter(expr)))
      return {
        ...this.conditional(skipOuter(expr) as ts.ConditionalExpression, { kind: 'int', name: 'u32' }),
        repr: 'u32',
      };
    const named = this.namedConstant(skipOuter(expr));
    if (i.type.kind === 'literal' && named !== undefined)
      return i.type.value >= 0 && i.type.value <= 0x7fffffff
        ? atom(named, 'u32')
        : cast('uint32_t', atom(named), 'u32');
    if (i.type.kind === 'literal') {
      if (i.type.value < 0) return atom(this.intLiteral(i.type.value, 'u32'), 'u32');
      return atom(this.intLiteral(i.type.value >>> 0, 'u32', skipOuter(expr)), 'u32');
    }
    const e = this.emit(expr);
    if (e.repr === 'u32' || (e.repr === 'canon' && i.type.kind === 'int' && i.type.name === 'u32')) return e;
    if (narrowSigned(e, i)) return atom(`bh_bits32(${e.code})`, 'u32');
    return cast('uint32_t', e, 'u32');
  }

  /** The macro name of a named constant (`const N = 16`, `static readonly`), if `expr` refers to one. */
  namedConstant(expr: ts.Expression): string | undefined {
    if (!ts.isIdentifier(expr) && !ts.isPropertyAccessExpression(expr)) return undefined;
    const decl = declarationOf(this.ctx, expr);
    if (decl === undefined || this.scope.names.has(decl)) return undefined;
    if (
      ts.isVariableDeclaration(decl) &&
      decl.type === undefined &&
      isModuleConst(decl) &&
      this.info(expr).type.kind === 'literal'
    )
      return this.lowering.constantName(decl);
    if (ts.isPropertyDeclaration(decl) && isStaticReadonly(decl) && this.info(expr).type.kind === 'literal')
      return this.lowering.constantName(decl);
    return undefined;
  }

  /** The value as int32_t (mod 2^32). */
  asI32(expr: ts.Expression): CExpr {
    const i = this.info(expr);
    if (i.type.kind === 'literal') return this.constant(i.type.value | 0, { kind: 'int', name: 'i32' });
    const e = this.emit(expr);
    if (e.repr === 'i32' || (e.repr === 'canon' && i.type.kind === 'int' && INT_INFO[i.type.name].signed))
      return e;
    return cast('int32_t', e, 'i32');
  }

  /** The canonical value of `expr` in the C type of `target` (an implicit widening is left to C). */
  canonical(expr: ts.Expression, target?: SubsetType): CExpr {
    const i = this.info(expr);
    const inner = skipOuter(expr);
    if (i.type.kind === 'literal' && ts.isConditionalExpression(inner))
      return this.conditional(inner, target ?? this.ctx.contextual.get(inner));
    const named = this.namedConstant(inner);
    const context = target ?? this.ctx.contextual.get(inner);
    if (
      named !== undefined &&
      i.type.kind === 'literal' &&
      Number.isInteger(i.type.value) &&
      context?.kind !== 'float'
    )
      return namedInContext(named, i.type.value >= 0, context);
    if (i.type.kind === 'literal')
      return this.constant(i.type.value, target ?? this.ctx.contextual.get(inner), inner);
    const e = this.emit(expr);
    if (i.type.kind === 'int' && (e.repr === 'u32' || e.repr === 'i32')) {
      const name = i.type.name;
      if ((e.repr === 'u32' && name === 'u32') || (e.repr === 'i32' && name === 'i32'))
        return { ...e, repr: 'canon' };
      return cast(INT_INFO[name].ctype, e);
    }
    if (e.repr === 'double') return roundToF32(e);
    if (e.repr === 'struct') return unary(`&${postfix(e)}`);
    return e;
  }

  /** A class-typed value as a pointer. */
  pointer(expr: ts.Expression): string {
    const e = this.emit(expr);
    return e.repr === 'struct' ? `&${postfix(e)}` : e.code;
  }

  /** `object.field` / `object->field`. */
  member(objectExpr: ts.Expression, field: string): string {
    const e = this.emit(objectExpr);
    if (e.repr === 'struct') return `${postfix(e)}.${field}`;
    return `${postfix(e)}->${field}`;
  }

  // ---- expressions ---------------------------------------------------------------------------------------

  emit(expr: ts.Expression): CExpr {
    const temp = this.hoisted.get(expr);
    if (temp !== undefined) return temp;
    const i = this.info(expr);
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr))
      return this.emit(expr.expression);
    if (ts.isNumericLiteral(expr))
      return this.constant(Number(expr.text), this.ctx.contextual.get(expr), expr);
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return atom(cString(expr.text));
    switch (expr.kind) {
      case ts.SyntaxKind.TrueKeyword:
        return atom('true');
      case ts.SyntaxKind.FalseKeyword:
        return atom('false');
      case ts.SyntaxKind.NullKeyword:
        return atom('NULL');
      case ts.SyntaxKind.ThisKeyword:
        return atom('self');
    }
    if (ts.isIdentifier(expr)) return this.identifier(expr, i);
    if (ts.isPropertyAccessExpression(expr)) return this.propertyAccess(expr, i);
    if (ts.isElementAccessExpression(expr)) return this.elementAccess(expr, i);
    if (ts.isCallExpression(expr)) return this.call(expr, i);
    if (ts.isBinaryExpression(expr)) return this.binary(expr, i);
    if (ts.isPrefixUnaryExpression(expr)) return this.prefix(expr, i);
    if (ts.isConditionalExpression(expr))
      return this.conditional(expr, i.type.kind === 'literal' ? this.ctx.contextual.get(expr) : i.type);
    throw new Error(
      `emit: unexpected ${ts.SyntaxKind[expr.kind]} at ${expr.getSourceFile().fileName}:${expr.getStart()}`,
    );
  }

  conditional(expr: ts.ConditionalExpression, type: SubsetType | undefined): CExpr {
    const c = this.canonical(expr.condition);
    const branch = (e: ts.Expression): CExpr => {
      const bi = this.info(e);
      if (type !== undefined && (type.kind === 'class' || type.kind === 'interface'))
        return bi.type.kind === 'null' ? atom('NULL') : unary(this.pointer(e));
      return this.canonical(e, type);
    };
    const a = branch(expr.whenTrue);
    const b = branch(expr.whenFalse);
    const part = (e: CExpr): string => (e.prec > 3 ? e.code : `(${e.code})`);
    return { code: `${part(c)} ? ${part(a)} : ${part(b)}`, repr: 'canon', prec: 3 };
  }

  /** A bool condition without redundant outer parentheses. */
  condition(expr: ts.Expression): string {
    return this.canonical(expr).code;
  }

  private identifier(expr: ts.Identifier, i: ExprInfo): CExpr {
    const decl = declarationOf(this.ctx, expr)!;
    const local = this.scope.names.get(decl);
    if (local !== undefined) return atom(local);
    if (ts.isVariableDeclaration(decl)) {
      if (i.type.kind === 'literal' && isModuleConst(decl)) {
        return atom(this.lowering.constantName(decl));
      }
      const name = this.lowering.variableName(decl);
      if (this.lowering.isStaticObject(decl) || i.type.kind === 'interface') return atom(name, 'struct');
      return atom(name);
    }
    throw new Error(`emit: unresolved identifier ${expr.text}`);
  }

  private propertyAccess(expr: ts.PropertyAccessExpression, i: ExprInfo): CExpr {
    const decl = declarationOf(this.ctx, expr);
    if (decl !== undefined && ts.isEnumMember(decl)) return atom(this.lowering.enumMemberName(decl));
    if (decl !== undefined && ts.isPropertyDeclaration(decl) && isStaticReadonly(decl))
      return atom(this.lowering.constantName(decl));
    const objectType = this.info(expr.expression).type;
    if (objectType.kind === 'array' && expr.name.text === 'length')
      return atom(this.arrayLength(expr.expression));
    const field = fieldName(expr.name.text);
    const code = this.member(expr.expression, field);
    if (
      decl !== undefined &&
      ts.isPropertyDeclaration(decl) &&
      i.type.kind === 'class' &&
      this.lowering.isEmbedded(decl)
    )
      return atom(code, 'struct');
    if (decl !== undefined && ts.isPropertySignature(decl) && i.type.kind === 'interface')
      return atom(code, 'struct');
    return atom(code);
  }

  /** The C length of an array expression: a constant, `<param>_len` or `<field>_len`. */
  arrayLength(arrayExpr: ts.Expression): string {
    const t = this.info(arrayExpr).type;
    if (t.kind === 'array' && t.length !== null) return `${t.length}u`;
    const e = this.emit(arrayExpr);
    return `${e.code}_len`;
  }

  private elementAccess(expr: ts.ElementAccessExpression, i: ExprInfo): CExpr {
    const array = this.emit(expr.expression);
    const indexExpr = skipOuter(expr.argumentExpression);
    const index = this.canonical(indexExpr, { kind: 'int', name: 'u32' });
    const code = `${postfix(array)}[${index.code}]`;
    if (i.type.kind === 'class' || i.type.kind === 'interface') return atom(code, 'struct');
    return atom(code);
  }

  // ---- calls -------------------------------------------------------------------------------------------------

  /** Arguments for a parameter list: arrays pass pointer and length, objects pass pointers. */
  arguments(params: readonly ts.ParameterDeclaration[], args: readonly ts.Expression[]): string[] {
    const out: string[] = [];
    params.forEach((param, index) => {
      const arg = args[index];
      const type = declaredType(this.ctx, param)!;
      if (type.kind === 'array') {
        out.push(this.emit(arg).code, this.arrayLength(arg));
      } else if (type.kind === 'class' || type.kind === 'interface') {
        const a = this.info(arg);
        out.push(a.type.kind === 'null' ? 'NULL' : this.pointer(arg));
      } else {
        out.push(this.canonical(arg, type).code);
      }
    });
    return out;
  }

  private call(expr: ts.CallExpression, i: ExprInfo): CExpr {
    const callee = calleeOf(this.ctx, expr)!;
    const args = expr.arguments;
    switch (callee.kind) {
      case 'function': {
        const name = this.lowering.functionName(callee.decl);
        return atom(`${name}(${this.arguments(callee.decl.parameters, args).join(', ')})`);
      }
      case 'method': {
        const name = this.lowering.methodName(callee.decl);
        const self = this.pointer(callee.object);
        return atom(`${name}(${[self, ...this.arguments(callee.decl.parameters, args)].join(', ')})`);
      }
      case 'math':
        if (callee.name === 'imul') return emitMul(this, args, i);
        if (callee.name === 'sqrt')
          return atom(`bh_sqrt(${this.canonical(args[0], { kind: 'float', name: 'f64' }).code})`);
        return atom(`bh_fabs(${this.canonical(args[0], { kind: 'float', name: 'f64' }).code})`);
      case 'runtime':
        return emitRuntimeCall(this, expr, callee.name, i);
    }
  }

  // ---- operators --------------------------------------------------------------------------------------------

  private binary(expr: ts.BinaryExpression, i: ExprInfo): CExpr {
    const op = expr.operatorToken.kind;
    if (i.constant !== undefined && i.type.kind === 'literal')
      return this.constant(i.constant, this.ctx.contextual.get(expr));
    switch (op) {
      case ts.SyntaxKind.AmpersandAmpersandToken:
        return binaryExpr(this.canonical(expr.left), '&&', this.canonical(expr.right));
      case ts.SyntaxKind.BarBarToken:
        return binaryExpr(this.canonical(expr.left), '||', this.canonical(expr.right));
      case ts.SyntaxKind.LessThanToken:
      case ts.SyntaxKind.LessThanEqualsToken:
      case ts.SyntaxKind.GreaterThanToken:
      case ts.SyntaxKind.GreaterThanEqualsToken:
      case ts.SyntaxKind.EqualsEqualsEqualsToken:
      case ts.SyntaxKind.ExclamationEqualsEqualsToken:
        return this.comparison(expr);
    }
    return this.arithmetic(op, expr.left, expr.right, i);
  }

  private comparison(expr: ts.BinaryExpression): CExpr {
    const op = expr.operatorToken.kind;
    const symbol =
      op === ts.SyntaxKind.EqualsEqualsEqualsToken
        ? '=='
        : op === ts.SyntaxKind.ExclamationEqualsEqualsToken
          ? '!='
          : expr.operatorToken.getText();
    const l = this.info(expr.left);
    const r = this.info(expr.right);
    const refs = (t: SubsetType): boolean =>
      t.kind === 'class' || t.kind === 'interface' || t.kind === 'null';
    if (refs(l.type) && refs(r.type)) {
      const side = (e: ts.Expression, t: SubsetType): CExpr =>
        t.kind === 'null' ? atom('NULL') : unary(this.pointer(e));
      return binaryExpr(side(expr.left, l.type), symbol, side(expr.right, r.type));
    }
    // A comparison the operands' intervals decide (`u8 <= 255`, `u32 >= 0`, `x === x`) is written as
    // its value when evaluating the operands has no side effect: C compilers warn about such
    // comparisons (-Wtype-limits, -Wtautological-compare) and the result is the same.
    const decided = decideComparison(this.ctx, typeExpr, op, l, r, expr.left, expr.right);
    if (decided !== undefined) {
      // Operands with side effects are still evaluated, in order, for their effects only.
      const effects = [expr.left, expr.right]
        .filter((e) => mustEvaluate(this.ctx, e))
        .map((e) => `(void)${paren(this.canonical(e))}`);
      const value = decided ? 'true' : 'false';
      return atom(effects.length === 0 ? value : `(${[...effects, value].join(', ')})`);
    }
    // Integers of different widths and one signedness compare in the wider type.
    let target: SubsetType | undefined;
    if (l.type.kind === 'int' && r.type.kind === 'int' && l.type.name !== r.type.name) {
      target = INT_INFO[l.type.name].bits >= INT_INFO[r.type.name].bits ? l.type : r.type;
    }
    const side = (e: ts.Expression, t: SubsetType): CExpr => {
      let c = this.canonical(e);
      let type = t;
      if (target !== undefined && t.kind === 'int' && t.name !== (target as { name: string }).name) {
        c = cast(this.lowering.cType(target), c);
        type = target;
      }
      // A complement or XOR: see bh_opaque_u32 in bh_runtime.h.
      if (type.kind === 'int' && /[~^]/.test(c.code)) {
        const signed = INT_INFO[type.name].signed;
        return atom(`bh_opaque_${signed ? 'i32' : 'u32'}(${c.code})`, signed ? 'i32' : 'u32');
      }
      return c;
    };
    const left = side(expr.left, l.type);
    const right = side(expr.right, r.type);
    // The same pure integer expression on both sides in C (`u32(x) >= x`): its value.
    const integer = (t: SubsetType): boolean => t.kind === 'int';
    if (
      integer(l.type) &&
      integer(r.type) &&
      left.code === right.code &&
      !containsImpureCall(this.ctx, expr.left) &&
      !containsImpureCall(this.ctx, expr.right)
    ) {
      const reflexive =
        op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
        op === ts.SyntaxKind.LessThanEqualsToken ||
        op === ts.SyntaxKind.GreaterThanEqualsToken;
      // The operand is still read (as C would), so a local read only here stays used.
      return atom(`((void)${paren(left)}, ${reflexive ? 'true' : 'false'})`);
    }
    return binaryExpr(left, symbol, right);
  }

  /** Emits `left op right` for an arithmetic or bitwise operator with result info `i`. */
  arithmetic(op: ts.SyntaxKind, left: ts.Expression, right: ts.Expression, i: ExprInfo): CExpr {
    if (i.type.kind === 'float') {
      const symbol = FLOAT_OPS[op]!;
      const single = i.type.name === 'f32';
      const side = (e: ts.Expression): CExpr => {
        const ei = this.info(e);
        if (ei.type.kind === 'literal') return atom(this.floatLiteral(ei.type.value, false));
        const c = this.emit(e);
        if (single && c.repr !== 'double') return cast('double', c);
        return c;
      };
      return binaryExpr(side(left), symbol, side(right), single ? 'double' : 'canon');
    }
    const name = (i.type as { name: IntName }).name;
    const count = (e: ts.Expression): CExpr => {
      const v = constantValue(this.ctx, e);
      if (v !== undefined) return atom(`${v & 31}u`);
      const ci = this.info(e);
      if (ci.type.kind === 'int' && ci.min >= 0 && ci.max <= 31) return this.asU32(e);
      return binaryExpr(this.asU32(e), '&', atom('31u'));
    };
    switch (op) {
      case ts.SyntaxKind.LessThanLessThanToken: {
        // GCC 12 at -O2 folds a const object's negative value through the (uint32_t) conversion and then
        // warns about a left shift of a negative value (-Wshift-negative-value, -Wshift-overflow) when
        // the count is constant: such an operand goes through bh_opaque_u32, which it does not look into.
        const shifted = this.asU32(left);
        const folds = constantValue(this.ctx, right) !== undefined && readsConstObject(this.ctx, left);
        return binaryExpr(
          folds ? atom(`bh_opaque_u32(${shifted.code})`, 'u32') : shifted,
          '<<',
          count(right),
          'u32',
        );
      }
      case ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken:
        return binaryExpr(this.asU32(left), '>>', count(right), 'u32');
      case ts.SyntaxKind.GreaterThanGreaterThanToken:
        return binaryExpr(this.asI32(left), '>>', count(right), 'i32');
      case ts.SyntaxKind.AmpersandToken:
      case ts.SyntaxKind.BarToken:
      case ts.SyntaxKind.CaretToken: {
        const symbol = op === ts.SyntaxKind.AmpersandToken ? '&' : op === ts.SyntaxKind.BarToken ? '|' : '^';
        const l = this.info(left);
        const r = this.info(right);
        const canonicalOperands = !l.unwrapped && !r.unwrapped && !i.unwrapped;
        if (canonicalOperands && INT_INFO[name].bits === 32) {
          const side = (e: ts.Expression): CExpr => this.canonical(e, { kind: 'int', name });
          return binaryExpr(side(left), symbol, side(right), name === 'u32' ? 'u32' : 'i32');
        }
        if (canonicalOperands && INT_INFO[name].signed) {
          // JavaScript's bitwise operators work on int32: so does C here.
          return binaryExpr(this.asI32(left), symbol, this.asI32(right), 'i32');
        }
        return binaryExpr(this.asU32(left), symbol, this.asU32(right), 'u32');
      }
      default: {
        const symbol = op === ts.SyntaxKind.PlusToken ? '+' : op === ts.SyntaxKind.MinusToken ? '-' : '*';
        return binaryExpr(this.asU32(left), symbol, this.asU32(right), 'u32');
      }
    }
  }

  /** A compound assignment's value `left op right`, canonical in the target's type. */
  compoundValue(node: ts.BinaryExpression, op: ts.SyntaxKind, symbol: string, target: SubsetType): string {
    const i = typeCompoundValue(this.ctx, node, op, symbol, node.left, node.right);
    const e = this.arithmetic(op, node.left, node.right, i);
    if (target.kind === 'float') return e.repr === 'double' ? roundToF32(e).code : e.code;
    const t = target as { name: IntName };
    if ((e.repr === 'u32' && t.name === 'u32') || (e.repr === 'i32' && t.name === 'i32')) return e.code;
    return cast(INT_INFO[t.name].ctype, e).code;
  }

  private prefix(expr: ts.PrefixUnaryExpression, i: ExprInfo): CExpr {
    if (i.constant !== undefined && i.type.kind === 'literal')
      return this.constant(i.constant, this.ctx.contextual.get(expr));
    switch (expr.operator) {
      case ts.SyntaxKind.ExclamationToken:
        return unary(`!${paren(this.canonical(expr.operand))}`);
      case ts.SyntaxKind.MinusToken: {
        if (i.type.kind === 'float') {
          const e = this.emit(expr.operand);
          const operandCode = paren(e);
          // `-(-x)` must not become the decrement operator `--x`.
          return unary(operandCode.startsWith('-') ? `-(${operandCode})` : `-${operandCode}`, e.repr);
        }
        return binaryExpr(atom('0u'), '-', this.asU32(expr.operand), 'u32');
      }
      case ts.SyntaxKind.TildeToken:
        return unary(`~${paren(this.asU32(expr.operand))}`, 'u32');
    }
    throw new Error('emit: unexpected prefix operator');
  }

  /** The C text of an assignment target (lvalue): the target itself, even when its old value was
   *  evaluated into a temporary (compound assignments). */
  lvalue(expr: ts.Expression): string {
    const target = skipOuter(expr);
    const temp = this.hoisted.get(target);
    this.hoisted.delete(target);
    const code = this.emit(target).code;
    if (temp !== undefined) this.hoisted.set(target, temp);
    return code;
  }
}

/** Whether `expr` reads a `const` variable or a `static readonly` member (a value GCC may fold). */
function readsConstObject(ctx: Context, expr: ts.Expression): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
      const decl = declarationOf(ctx, node);
      if (
        decl !== undefined &&
        ((ts.isVariableDeclaration(decl) && isConstDeclaration(decl)) ||
          (ts.isPropertyDeclaration(decl) && isStaticReadonly(decl)))
      ) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(expr);
  return found;
}
