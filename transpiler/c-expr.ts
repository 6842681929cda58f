// C expression text: an emitted expression with its C precedence (parentheses are added only where C
// needs them or GCC's -Wparentheses asks for them) and the representation of its value (canonical,
// uint32_t or int32_t modulo 2^32, unrounded double, struct lvalue); casts, literals of strings, and
// the view of the expression emitter that the emitters of intrinsic calls use.
import ts from 'typescript';
import type { Context } from './context.ts';
import { INT_INFO, type ExprInfo, type IntName, type SubsetType } from './types.ts';

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

export const atom = (code: string, repr: Repr = 'canon'): CExpr => ({ code, repr, prec: 16 });
export const unary = (code: string, repr: Repr = 'canon'): CExpr => ({ code, repr, prec: 15 });
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
export function binaryExpr(left: CExpr, op: string, right: CExpr, repr: Repr = 'canon'): CExpr {
  return {
    code: `${operand(left, op, true)} ${op} ${operand(right, op, false)}`,
    repr,
    prec: PRECEDENCE[op],
    op,
  };
}

function operand(e: CExpr, parent: string, isLeft: boolean): string {
  if (e.prec >= 15) return e.code;
  const p = PRECEDENCE[parent];
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
export function postfix(e: CExpr): string {
  return e.prec >= 16 ? e.code : `(${e.code})`;
}

export function cast(ctype: string, e: CExpr, repr: Repr = 'canon'): CExpr {
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
export function roundToF32(e: CExpr): CExpr {
  return atom(`bh_f32_round(${e.code})`);
}

/** The C operator of each float arithmetic operator. */
export const FLOAT_OPS: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.PlusToken]: '+',
  [ts.SyntaxKind.MinusToken]: '-',
  [ts.SyntaxKind.AsteriskToken]: '*',
  [ts.SyntaxKind.SlashToken]: '/',
};

/** An int8_t/int16_t value (directly, or through a value-preserving (int32_t) cast). */
export function narrowSigned(e: CExpr, i: ExprInfo): boolean {
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

/** A named constant's macro where a value of `context` is wanted: an unsigned macro (a non-negative
 *  module constant) reads as such in unsigned contexts, and through a cast to the signed type in signed
 *  ones, so that C never mixes signedness (MISRA C:2012 10.4) nor changes a comparison. */
export function namedInContext(
  named: string,
  unsignedMacro: boolean,
  context: SubsetType | undefined,
): CExpr {
  if (context?.kind === 'int' && INT_INFO[context.name].signed && unsignedMacro)
    return cast(INT_INFO[context.name].ctype, atom(named));
  return atom(named);
}

/** The expression emitter (emit-expr.ts) as the emitters of intrinsic calls (emit-intrinsics.ts) use it. */
export interface ValueWriter {
  readonly ctx: Context;
  /** The typing result of `expr`. */
  info(expr: ts.Expression): ExprInfo;
  /** `expr` in whatever representation is cheapest. */
  emit(expr: ts.Expression): CExpr;
  /** The canonical value of `expr` in the C type of `target`. */
  canonical(expr: ts.Expression, target?: SubsetType): CExpr;
  /** The value as uint32_t (mod 2^32). */
  asU32(expr: ts.Expression): CExpr;
  /** A constant in the type the context gave it. */
  constant(value: number, type: SubsetType | undefined, source?: ts.Expression): CExpr;
  intLiteral(value: number, type: IntName | undefined, source?: ts.Expression): string;
  floatLiteral(value: number, single: boolean): string;
}
