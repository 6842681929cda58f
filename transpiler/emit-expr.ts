// Stage 5a, expression emitter: turns a checked, typed expression into C text. Integer arithmetic is
// computed in uint32_t (modular, like JavaScript's results reduced by the conversions), signed right
// shifts in int32_t, and values are cast back to their subset type where a canonical value is needed.
// f32 arithmetic is computed in double and rounded by f32(), as JavaScript does.
import ts from 'typescript';
import type { Context } from './context.ts';
import type { Lowering } from './lower.ts';
import { fieldName, localName } from './names.ts';
import {
  constantValue,
  calleeOf,
  declarationOf,
  isModuleConst,
  isStaticReadonly,
  runtimeExportName,
  skipOuter,
} from './resolve.ts';
import { containsImpureCall } from './sequence.ts';
import { provenByRangeCheck } from './range-facts.ts';
import { decideComparison, } from './decided-comparisons.ts';
import { mustEvaluate } from './folded-comparisons.ts';
import { declaredType, typeCompoundValue, typeExpr } from './typing.ts';
import { INT_INFO, type ExprInfo, type IntName, type SubsetType } from './types.ts';
import { lowerBoundOf } from './variable-bounds.ts';

/** How an emitted C expression holds its value. */
export type Repr =
  /** The C value has the C type of the subset type (canonical). */
  | 'canon'
  /** uint32_t holding the JavaScript value modulo 2^32. */
  | 'u32'
  /** int32_t holding the JavaScript value modulo 2^32. */
  | 'i32'
  /** double holding an f32 computation not yet rounded. */
  | 'double'
  /** A struct lvalue (static object, embedded field, array element): take its address for a pointer. */
  | 'struct';

export interface CExpr {
  code: string;
  repr: Repr;
  /** C precedence of the outermost operator: 16 primary/postfix, 15 unary and casts, 13 `*`, 12 `+ -`,
   *  11 shifts, 10 relational, 9 equality, 8 `&`, 7 `^`, 6 `|`, 5 `&&`, 4 `||`, 3 `?:`, 2 assignment. */
  prec: number;
  /** The binary operator at the top, if any. */
  op?: string;
}

const atom = (code: string, repr: Repr = 'canon'): CExpr => ({ code, repr, prec: 16 });
const unary = (code: string, repr: Repr = 'canon'): CExpr => ({ code, repr, prec: 15 });
const PRECEDENCE: Record<string, number> = {
  '*': 13,
  '/': 13,
  '+': 12,
  '-': 12,
  '<<': 11,
  '>>': 11,
  '<': 10,
  '<=': 10,
  '>': 10,
  '>=': 10,
  '==': 9,
  '!=': 9,
  '&': 8,
  '^': 7,
  '|': 6,
  '&&': 5,
  '||': 4,
};

/** `left op right` with the parentheses C needs and those GCC's -Wparentheses asks for. */
function binaryExpr(left: CExpr, op: string, right: CExpr, repr: Repr = 'canon'): CExpr {
  return {
    code: `${operand(left, op, true)} ${op} ${operand(right, op, false)}`,
    repr,
    prec: PRECEDENCE[op]!,
    op,
  };
}

function operand(e: CExpr, parent: string, isLeft: boolean): string {
  if (e.prec >= 15) return e.code;
  const p = PRECEDENCE[parent]!;
  if (isLeft && e.op === parent && ['*', '&', '|', '^', '&&', '||'].includes(parent)) return e.code;
  if (parent === '+' || parent === '-')
    return e.prec === 13 || (isLeft && e.prec === 12) ? e.code : `(${e.code})`;
  if (p === 9 || p === 10) return e.prec >= 11 ? e.code : `(${e.code})`;
  if (parent === '&&' || parent === '||') return e.prec >= 9 ? e.code : `(${e.code})`;
  return `(${e.code})`;
}

/** The operand of a cast or unary operator. */
export function paren(e: CExpr): string {
  return e.prec >= 15 ? e.code : `(${e.code})`;
}

/** The operand of a postfix operator (`->`, `[]`). */
function postfix(e: CExpr): string {
  return e.prec >= 16 ? e.code : `(${e.code})`;
}

function cast(ctype: string, e: CExpr, repr: Repr = 'canon'): CExpr {
  // A composite unsigned expression becomes signed through bh_signed32 (MISRA C:2012 10.8: no cast of
  // a composite expression to another essential type category); a narrower signed type then casts
  // that call's value.
  if (e.repr === 'u32' && SIGNED_CTYPES.has(ctype) && isComposite(e)) {
    const signed = atom(`bh_signed32(${e.code})`);
    return ctype === 'int32_t' ? { ...signed, repr } : unary(`(${ctype})${signed.code}`, repr);
  }
  return unary(`(${ctype})${paren(e)}`, repr);
}

const SIGNED_CTYPES = new Set(['int32_t', 'int16_t', 'int8_t']);

/** An expression with an operator at its top (a binary or conditional expression). */
function isComposite(e: CExpr): boolean {
  return e.op !== undefined || e.prec <= 3;
}

/** A double rounded once to single precision (Math.fround), opaque to the optimiser (bh_runtime_float.h). */
function roundToF32(e: CExpr): CExpr {
  return atom(`bh_f32_round(${e.code})`);
}

/** Local names in scope while emitting a function: TS declaration → C name. */
export class Scope {
  readonly names = new Map<ts.Node, string>();
  readonly used = new Set<string>();
  constructor(readonly lowering: Lowering) {}

  private temporaries = 0;

  /** A fresh name for an evaluation-order temporary (`bh_` names never clash with TS names). */
  temporary(): string {
    this.temporaries++;
    return `bh_t${this.temporaries}`;
  }

  declare(decl: ts.Node, tsName: string): string {
    let name = localName(tsName);
    // Module-level names carry their module's prefix, which a TS name can already start with
    // (`schedulerTick` → `scheduler_tick`); a local never takes such a name (-Wshadow).
    while (this.lowering.isClaimed(name)) name = `${name}_`;
    // A local shadowing another with the same C name in an enclosing block is legal C, but two TS names
    // mapping to one C name (fooBar, foo_bar) are kept apart.
    for (const [other, cname] of this.names) {
      if (cname === name && (other as ts.NamedDeclaration).name?.getText() !== tsName) name = `${name}_`;
    }
    this.names.set(decl, name);
    this.used.add(name);
    return name;
  }
}

export class ExpressionEmitter {
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

  /** A named constant's macro where a value of `context` is wanted: unsigned macros (non-negative
   *  module constants) read as such in unsigned contexts, and through a cast to the signed type in
   *  signed ones, so that C never mixes signedness (MISRA C:2012 10.4) nor changes a comparison. */
  namedInContext(named: string, value: number, context: SubsetType | undefined): CExpr {
    const unsignedMacro = value >= 0;
    if (context?.kind === 'int' && INT_INFO[context.name].signed && unsignedMacro)
      return cast(INT_INFO[context.name].ctype, atom(named));
    return atom(named);
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
      return this.namedInContext(named, i.type.value, context);
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
      const arg = args[index]!;
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
        if (callee.name === 'imul') return this.mul(args, i);
        if (callee.name === 'sqrt')
          return atom(`bh_sqrt(${this.canonical(args[0]!, { kind: 'float', name: 'f64' }).code})`);
        return atom(`bh_fabs(${this.canonical(args[0]!, { kind: 'float', name: 'f64' }).code})`);
      case 'runtime':
        return this.runtimeCall(expr, callee.name, i);
    }
  }

  private mul(args: readonly ts.Expression[], i: ExprInfo): CExpr {
    const product = binaryExpr(this.asU32(args[0]!), '*', this.asU32(args[1]!), 'u32');
    if (i.type.kind === 'int' && i.type.name === 'i32') return cast('int32_t', product);
    return product;
  }

  private runtimeCall(expr: ts.CallExpression, name: string, i: ExprInfo): CExpr {
    const args = expr.arguments;
    switch (name) {
      case 'u8':
      case 'u16':
      case 'u32':
      case 'i8':
      case 'i16':
      case 'i32':
        return this.intConversion(args[0]!, name, i);
      case 'f32':
      case 'f64':
        return this.floatConversion(args[0]!, name, i);
      case 'mul':
        return this.mul(args, i);
      case 'mulHigh': {
        const i32 = { kind: 'int', name: 'i32' } as const;
        return atom(
          `bh_mul_high_i32(${this.canonical(args[0]!, i32).code}, ${this.canonical(args[1]!, i32).code})`,
          'i32',
        );
      }
      case 'div':
      case 'rem': {
        const t = i.type as { kind: 'int'; name: IntName };
        const signed = INT_INFO[t.name].signed;
        const helper = `bh_${name}_${signed ? 'i32' : 'u32'}`;
        const operand = (a: ts.Expression): string => {
          const ai = this.info(a);
          if (ai.type.kind === 'literal') return this.intLiteral(ai.type.value, signed ? 'i32' : 'u32');
          return this.canonical(a).code;
        };
        return atom(`${helper}(${operand(args[0]!)}, ${operand(args[1]!)})`, signed ? 'i32' : 'u32');
      }
      case 'checkIndex': {
        // The index's largest value lies below the smallest value the length can have (a constant, a
        // fixed-length array's length): the check cannot fail and is left out, like an index proven
        // without checkIndex. An array of unknown length (a parameter) can be empty: always checked.
        const bound = lowerBoundOf(this.ctx, typeExpr, args[1]!);
        const index = this.info(args[0]!);
        if (
          bound !== undefined &&
          !index.unwrapped &&
          index.min >= 0 &&
          index.max < bound &&
          !containsImpureCall(this.ctx, args[1]!)
        )
          return this.canonical(args[0]!, { kind: 'int', name: 'u32' });
        // A checkRange statement before it already covers the index.
        const length = skipOuter(args[1]!);
        if (
          ts.isPropertyAccessExpression(length) &&
          length.name.text === 'length' &&
          provenByRangeCheck(this.ctx, typeExpr, expr, length.expression, args[0]!)
        )
          return this.canonical(args[0]!, { kind: 'int', name: 'u32' });
        return atom(
          `bh_check_index(${this.canonical(args[0]!, { kind: 'int', name: 'u32' }).code}, ${this.canonical(args[1]!, { kind: 'int', name: 'u32' }).code})`,
        );
      }
      case 'loadU16BE':
      case 'loadU16LE':
      case 'loadU32BE':
      case 'loadU32LE': {
        // Proven inside the array by the typing stage (a load that is not was reported).
        const helper = `bh_load_${name.slice('load'.length, 'loadU32'.length).toLowerCase()}_${name.slice(-2).toLowerCase()}`;
        const array = this.emit(args[0]!);
        const index = this.canonical(args[1]!, { kind: 'int', name: 'u32' });
        return atom(`${helper}(&${postfix(array)}[${index.code}])`);
      }
      case 'checkRange': {
        const u32 = (a: ts.Expression): string => this.canonical(a, { kind: 'int', name: 'u32' }).code;
        return atom(`bh_check_range(${u32(args[0]!)}, ${u32(args[1]!)}, ${u32(args[2]!)})`);
      }
      case 'mmioRead8':
      case 'mmioRead16':
      case 'mmioRead32': {
        const bits = name.slice('mmioRead'.length);
        return unary(
          `*(volatile uint${bits}_t *)(uintptr_t)${paren(this.canonical(args[0]!, { kind: 'int', name: 'u32' }))}`,
        );
      }
      case 'mmioWrite8':
      case 'mmioWrite16':
      case 'mmioWrite32': {
        const bits = name.slice('mmioWrite'.length);
        const value = this.canonical(args[1]!, { kind: 'int', name: `u${bits}` as IntName });
        return {
          code: `*(volatile uint${bits}_t *)(uintptr_t)${paren(this.canonical(args[0]!, { kind: 'int', name: 'u32' }))} = ${value.code}`,
          repr: 'canon',
          prec: 2,
        };
      }
    }
    throw new Error(`emit: runtime function ${name}`);
  }

  private intConversion(arg: ts.Expression, name: IntName, i: ExprInfo): CExpr {
    const ctype = INT_INFO[name].ctype;
    if (i.constant !== undefined) return this.constant(i.constant, { kind: 'int', name });
    const a = this.info(arg);
    if (a.type.kind === 'float') {
      const bits = atom(`bh_f64_to_bits32(${this.emit(arg).code})`, 'u32');
      return name === 'u32' ? { ...bits, repr: 'canon' } : cast(ctype, bits);
    }
    if (a.type.kind === 'enum') return cast(ctype, this.emit(arg));
    const e = this.emit(arg);
    if (e.repr === 'canon' && a.type.kind === 'int' && a.type.name === name) return e;
    if ((e.repr === 'u32' && name === 'u32') || (e.repr === 'i32' && name === 'i32'))
      return { ...e, repr: 'canon' };
    if (name === 'u32' && narrowSigned(e, a)) return atom(`bh_bits32(${e.code})`);
    // An unsigned value converted to a signed type: cast() takes a composite one through bh_signed32.
    const unsigned = a.type.kind === 'int' && !INT_INFO[a.type.name].signed;
    return cast(ctype, unsigned ? { ...e, repr: 'u32' } : e);
  }

  private floatConversion(arg: ts.Expression, name: 'f32' | 'f64', i: ExprInfo): CExpr {
    if (i.constant !== undefined) return this.constant(i.constant, { kind: 'float', name });
    const a = this.info(arg);
    if (name === 'f32') {
      const single = this.singleOperation(arg);
      if (single !== undefined) return single;
    }
    const e = a.type.kind === 'int' ? this.canonical(arg) : this.emit(arg);
    if (a.type.kind === 'float' && a.type.name === name && e.repr === 'canon') return e;
    // A double (an f64 value or an f32 computation in double precision) is rounded once, opaquely.
    if (name === 'f32' && a.type.kind === 'float') return roundToF32(e);
    return cast(name === 'f32' ? 'float' : 'double', e);
  }

  /** `f32(a op b)` for one `+ - * /` whose operands are single-precision values (f32 values, or constants
   *  exact in f32) as one `float` operation. JavaScript computes it in double and rounds once; since double
   *  carries more than twice float's precision plus two bits, that equals the correctly rounded float
   *  operation for every operand (including subnormals, overflow, zeros and NaN), so the float operation
   *  gives Node's bits and leaves the optimiser nothing to change. Undefined when `arg` is not that form. */
  private singleOperation(arg: ts.Expression): CExpr | undefined {
    const inner = skipOuter(arg);
    if (!ts.isBinaryExpression(inner)) return undefined;
    const symbol = FLOAT_OPS[inner.operatorToken.kind];
    if (symbol === undefined) return undefined;
    const sides: CExpr[] = [];
    for (const side of [inner.left, inner.right]) {
      const si = this.info(side);
      if (si.type.kind === 'literal') {
        const value = si.type.value;
        if (!Number.isNaN(value) && !Object.is(Math.fround(value), value)) return undefined;
        sides.push(atom(this.floatLiteral(value, true)));
      } else if (si.type.kind === 'float' && si.type.name === 'f32' && !si.unwrapped) {
        sides.push(this.canonical(side, { kind: 'float', name: 'f32' }));
      } else return undefined;
    }
    return binaryExpr(sides[0]!, symbol, sides[1]!);
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

const FLOAT_OPS: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.PlusToken]: '+',
  [ts.SyntaxKind.MinusToken]: '-',
  [ts.SyntaxKind.AsteriskToken]: '*',
  [ts.SyntaxKind.SlashToken]: '/',
};

/** Whether `expr` reads a `const` variable or a `static readonly` member (a value GCC may fold). */
function readsConstObject(ctx: Context, expr: ts.Expression): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
      const decl = declarationOf(ctx, node);
      if (
        decl !== undefined &&
        ((ts.isVariableDeclaration(decl) &&
          ts.isVariableDeclarationList(decl.parent) &&
          (decl.parent.flags & ts.NodeFlags.Const) !== 0) ||
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

/** An int8_t/int16_t value (directly, or through a value-preserving (int32_t) cast). */
function narrowSigned(e: CExpr, i: ExprInfo): boolean {
  if (e.repr !== 'canon' || i.type.kind !== 'int') return false;
  if (i.type.name === 'i8' || i.type.name === 'i16') return true;
  return i.type.name === 'i32' && i.min >= -0x8000 && i.max <= 0x7fff && e.code.startsWith('(int32_t)');
}

/** A C string literal for a JS string (printable ASCII kept, everything else escaped). */
export function cString(text: string): string {
  let out = '"';
  for (const ch of Buffer.from(text, 'utf8')) {
    if (ch === 0x22) out += '\\"';
    else if (ch === 0x5c) out += '\\\\';
    else if (ch === 0x0a) out += '\\n';
    else if (ch === 0x0d) out += '\\r';
    else if (ch === 0x09) out += '\\t';
    else if (ch >= 0x20 && ch < 0x7f && ch !== 0x3f) out += String.fromCharCode(ch);
    else out += `\\${ch.toString(8).padStart(3, '0')}`;
  }
  return out + '"';
}
