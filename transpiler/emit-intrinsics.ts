// C for calls of the subset runtime's intrinsics: integer and float conversions (a single-precision
// operation written as one `float` operation), mul, mulHigh, div and rem helpers, index and range checks
// (a checkIndex the range analysis proves is left out), byte-order loads and MMIO accesses.
import ts from 'typescript';
import {
  atom,
  binaryExpr,
  cast,
  FLOAT_OPS,
  narrowSigned,
  paren,
  postfix,
  roundToF32,
  unary,
  type CExpr,
  type ValueWriter,
} from './c-expr.ts';
import { provenByRangeCheck } from './range-facts.ts';
import { skipOuter } from './resolve.ts';
import { containsImpureCall } from './sequence.ts';
import { INT_INFO, type ExprInfo, type IntName } from './types.ts';
import { typeExpr } from './typing.ts';
import { lowerBoundOf } from './variable-bounds.ts';

export function emitMul(x: ValueWriter, args: readonly ts.Expression[], i: ExprInfo): CExpr {
  const product = binaryExpr(x.asU32(args[0]), '*', x.asU32(args[1]), 'u32');
  if (i.type.kind === 'int' && i.type.name === 'i32') return cast('int32_t', product);
  return product;
}

export function emitRuntimeCall(x: ValueWriter, expr: ts.CallExpression, name: string, i: ExprInfo): CExpr {
  const args = expr.arguments;
  switch (name) {
    case 'u8':
    case 'u16':
    case 'u32':
    case 'i8':
    case 'i16':
    case 'i32':
      return intConversion(x, args[0], name, i);
    case 'f32':
    case 'f64':
      return floatConversion(x, args[0], name, i);
    case 'mul':
      return emitMul(x, args, i);
    case 'mulHigh': {
      const i32 = { kind: 'int', name: 'i32' } as const;
      return atom(
        `bh_mul_high_i32(${x.canonical(args[0], i32).code}, ${x.canonical(args[1], i32).code})`,
        'i32',
      );
    }
    case 'div':
    case 'rem': {
      const t = i.type as { kind: 'int'; name: IntName };
      const signed = INT_INFO[t.name].signed;
      const helper = `bh_${name}_${signed ? 'i32' : 'u32'}`;
      const operand = (a: ts.Expression): string => {
        const ai = x.info(a);
        if (ai.type.kind === 'literal') return x.intLiteral(ai.type.value, signed ? 'i32' : 'u32');
        return x.canonical(a).code;
      };
      return atom(`${helper}(${operand(args[0])}, ${operand(args[1])})`, signed ? 'i32' : 'u32');
    }
    case 'checkIndex': {
      // The index's largest value lies below the smallest value the length can have (a constant, a
      // fixed-length array's length): the check cannot fail and is left out, like an index proven
      // without checkIndex. An array of unknown length (a parameter) can be empty: always checked.
      const bound = lowerBoundOf(x.ctx, typeExpr, args[1]);
      const index = x.info(args[0]);
      if (
        bound !== undefined &&
        !index.unwrapped &&
        index.min >= 0 &&
        index.max < bound &&
        !containsImpureCall(x.ctx, args[1])
      )
        return x.canonical(args[0], { kind: 'int', name: 'u32' });
      // A checkRange statement before it already covers the index.
      const length = skipOuter(args[1]);
      if (
        ts.isPropertyAccessExpression(length) &&
        length.name.text === 'length' &&
        provenByRangeCheck(x.ctx, typeExpr, expr, length.expression, args[0])
      )
        return x.canonical(args[0], { kind: 'int', name: 'u32' });
      return atom(
        `bh_check_index(${x.canonical(args[0], { kind: 'int', name: 'u32' }).code}, ${x.canonical(args[1], { kind: 'int', name: 'u32' }).code})`,
      );
    }
    case 'loadU16BE':
    case 'loadU16LE':
    case 'loadU32BE':
    case 'loadU32LE': {
      // Proven inside the array by the typing stage (a load that is not was reported).
      const helper = `bh_load_${name.slice('load'.length, 'loadU32'.length).toLowerCase()}_${name.slice(-2).toLowerCase()}`;
      const array = x.emit(args[0]);
      const index = x.canonical(args[1], { kind: 'int', name: 'u32' });
      return atom(`${helper}(&${postfix(array)}[${index.code}])`);
    }
    case 'checkRange': {
      const u32 = (a: ts.Expression): string => x.canonical(a, { kind: 'int', name: 'u32' }).code;
      return atom(`bh_check_range(${u32(args[0])}, ${u32(args[1])}, ${u32(args[2])})`);
    }
    case 'mmioRead8':
    case 'mmioRead16':
    case 'mmioRead32': {
      const bits = name.slice('mmioRead'.length);
      return unary(
        `*(volatile uint${bits}_t *)(uintptr_t)${paren(x.canonical(args[0], { kind: 'int', name: 'u32' }))}`,
      );
    }
    case 'mmioWrite8':
    case 'mmioWrite16':
    case 'mmioWrite32': {
      const bits = name.slice('mmioWrite'.length);
      const value = x.canonical(args[1], { kind: 'int', name: `u${bits}` as IntName });
      return {
        code: `*(volatile uint${bits}_t *)(uintptr_t)${paren(x.canonical(args[0], { kind: 'int', name: 'u32' }))} = ${value.code}`,
        repr: 'canon',
        prec: 2,
      };
    }
  }
  throw new Error(`emit: runtime function ${name}`);
}

function intConversion(x: ValueWriter, arg: ts.Expression, name: IntName, i: ExprInfo): CExpr {
  const ctype = INT_INFO[name].ctype;
  if (i.constant !== undefined) return x.constant(i.constant, { kind: 'int', name });
  const a = x.info(arg);
  if (a.type.kind === 'float') {
    const bits = atom(`bh_f64_to_bits32(${x.emit(arg).code})`, 'u32');
    return name === 'u32' ? { ...bits, repr: 'canon' } : cast(ctype, bits);
  }
  if (a.type.kind === 'enum') return cast(ctype, x.emit(arg));
  const e = x.emit(arg);
  if (e.repr === 'canon' && a.type.kind === 'int' && a.type.name === name) return e;
  if ((e.repr === 'u32' && name === 'u32') || (e.repr === 'i32' && name === 'i32'))
    return { ...e, repr: 'canon' };
  if (name === 'u32' && narrowSigned(e, a)) return atom(`bh_bits32(${e.code})`);
  // An unsigned value converted to a signed type: cast() takes a composite one through bh_signed32.
  const unsigned = a.type.kind === 'int' && !INT_INFO[a.type.name].signed;
  return cast(ctype, unsigned ? { ...e, repr: 'u32' } : e);
}

function floatConversion(x: ValueWriter, arg: ts.Expression, name: 'f32' | 'f64', i: ExprInfo): CExpr {
  if (i.constant !== undefined) return x.constant(i.constant, { kind: 'float', name });
  const a = x.info(arg);
  if (name === 'f32') {
    const single = singleOperation(x, arg);
    if (single !== undefined) return single;
  }
  const e = a.type.kind === 'int' ? x.canonical(arg) : x.emit(arg);
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
function singleOperation(x: ValueWriter, arg: ts.Expression): CExpr | undefined {
  const inner = skipOuter(arg);
  if (!ts.isBinaryExpression(inner)) return undefined;
  const symbol = FLOAT_OPS[inner.operatorToken.kind];
  if (symbol === undefined) return undefined;
  const sides: CExpr[] = [];
  for (const side of [inner.left, inner.right]) {
    const si = x.info(side);
    if (si.type.kind === 'literal') {
      const value = si.type.value;
      if (!Number.isNaN(value) && !Object.is(Math.fround(value), value)) return undefined;
      sides.push(atom(x.floatLiteral(value, true)));
    } else if (si.type.kind === 'float' && si.type.name === 'f32' && !si.unwrapped) {
      sides.push(x.canonical(side, { kind: 'float', name: 'f32' }));
    } else return undefined;
  }
  return binaryExpr(sides[0], symbol, sides[1]);
}
