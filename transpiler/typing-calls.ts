// Typing of calls: functions and methods of the program (arguments against parameters), Math members,
// and the subset runtime's intrinsics (conversions, mul/div/rem, index and range checks, byte-order
// loads proven inside their array, MMIO). Anything else called is reported with the reason.
import ts from 'typescript';
import type { Context } from './context.ts';
import { Diagnostics } from './diagnostics.ts';
import {
  EXACT,
  ERROR,
  INT32_MAX,
  INT32_MIN,
  info,
  intResult,
  isError,
  literalInfo,
  type Typer,
} from './expr-info.ts';
import { quotientRange, remainderRange } from './intervals.ts';
import { provenByRangeCheck } from './range-facts.ts';
import { calleeOf, constantValue, declarationOf, skipOuter } from './resolve.ts';
import { F64, INT, INT_INFO, VOID, typeName, type ExprInfo, type IntName, type SubsetType } from './types.ts';
import { ARRAY_METHODS_CHANGING, arrayDisplay } from './typing-access.ts';
import { unifyInts } from './typing-operators.ts';

/** The runtime's conversion functions. */
const CONVERSIONS = new Set(['u8', 'u16', 'u32', 'i8', 'i16', 'i32', 'f32', 'f64']);

function checkArgCount(ctx: Context, call: ts.CallExpression, name: string, expected: number): boolean {
  if (call.arguments.length !== expected) {
    ctx.report(call, Diagnostics.ArgumentCount, name, expected, call.arguments.length);
    return false;
  }
  return true;
}

export function typeCall(ctx: Context, typer: Typer, call: ts.CallExpression): ExprInfo {
  if (call.questionDotToken !== undefined || ts.isOptionalChain(call)) {
    ctx.report(call, Diagnostics.OptionalChaining);
    return ERROR;
  }
  for (const arg of call.arguments) {
    if (ts.isSpreadElement(arg)) {
      ctx.report(arg, Diagnostics.Spread);
      return ERROR;
    }
  }
  const callee = calleeOf(ctx, call);
  if (callee === undefined) return reportUnknownCallee(ctx, typer, call);
  switch (callee.kind) {
    case 'runtime':
      return typeRuntimeCall(ctx, typer, call, callee.name);
    case 'math':
      return typeMathCall(ctx, typer, call, callee.name);
    case 'function':
    case 'method': {
      const decl = callee.decl;
      if (callee.kind === 'method') {
        const object = typer.typeCanonical(ctx, callee.object);
        if (isError(object)) return ERROR;
      }
      const params = decl.parameters;
      const name = decl.name?.getText() ?? 'function';
      if (!checkArgCount(ctx, call, name, params.length)) return ERROR;
      params.forEach((param, index) => {
        const type = typer.declaredType(ctx, param);
        if (type !== null)
          typer.expectType(
            ctx,
            call.arguments[index],
            type,
            ` (parameter '${param.name.getText()}' of '${name}')`,
          );
      });
      const ret = typer.declaredType(ctx, decl);
      return ret === null ? ERROR : info(ret);
    }
  }
}

function reportUnknownCallee(ctx: Context, typer: Typer, call: ts.CallExpression): ExprInfo {
  const target = skipOuter(call.expression);
  const text = target.getText();
  if (ts.isPropertyAccessExpression(target)) {
    const root = ts.isIdentifier(target.expression) ? target.expression.text : '';
    if (
      root === 'console' ||
      root === 'JSON' ||
      root === 'process' ||
      root === 'Object' ||
      root === 'Reflect' ||
      root === 'Number' ||
      root === 'String' ||
      root === 'Array'
    ) {
      ctx.report(call, Diagnostics.HostApi, text);
      return ERROR;
    }
    const object = typer.typeExpr(ctx, target.expression);
    if (object.type.kind === 'array') {
      ctx.report(
        target.name,
        ARRAY_METHODS_CHANGING.has(target.name.text)
          ? Diagnostics.DynamicArrayMethod
          : Diagnostics.ArrayMember,
        target.name.text,
      );
      return ERROR;
    }
    if (object.type.kind === 'cstr') {
      ctx.report(call, Diagnostics.StringOperation);
      return ERROR;
    }
  }
  if (ts.isIdentifier(target) && ['eval', 'Function'].includes(target.text)) {
    ctx.report(call, Diagnostics.DynamicGlobal, target.text);
    return ERROR;
  }
  if (
    ts.isIdentifier(target) &&
    [
      'setTimeout',
      'setInterval',
      'queueMicrotask',
      'require',
      'parseInt',
      'parseFloat',
      'String',
      'Number',
      'Boolean',
      'Symbol',
      'BigInt',
    ].includes(target.text)
  ) {
    ctx.report(call, Diagnostics.HostApi, target.text);
    return ERROR;
  }
  if (ts.isIdentifier(target)) {
    const decl = declarationOf(ctx, target);
    if (decl !== undefined && (ts.isVariableDeclaration(decl) || ts.isParameter(decl))) {
      ctx.report(call, Diagnostics.FunctionValue, target.text);
      return ERROR;
    }
  }
  ctx.report(call, Diagnostics.UnknownCallee, text.length > 40 ? text.slice(0, 40) + '…' : text);
  return ERROR;
}

function typeMathCall(ctx: Context, typer: Typer, call: ts.CallExpression, name: string): ExprInfo {
  if (name === 'imul') return typeMul(ctx, typer, call, 'Math.imul');
  if (name === 'sqrt' || name === 'abs') {
    if (!checkArgCount(ctx, call, `Math.${name}`, 1)) return ERROR;
    typer.expectType(ctx, call.arguments[0], F64);
    return info(F64);
  }
  ctx.report(call.expression, Diagnostics.MathMember, name);
  return ERROR;
}

/** Unifies two integer operands (literals adapt to the other side). Returns the result type name. */

function typeMul(ctx: Context, typer: Typer, call: ts.CallExpression, name: string): ExprInfo {
  if (!checkArgCount(ctx, call, name, 2)) return ERROR;
  const [a, b] = call.arguments as unknown as [ts.Expression, ts.Expression];
  const l = typer.typeCanonical(ctx, a);
  const r = typer.typeCanonical(ctx, b);
  if (isError(l) || isError(r)) return ERROR;
  const unified = unifyInts(ctx, call, name, a, l, b, r);
  if (unified === undefined) return ERROR;
  if (unified === 'literal') return literalInfo(Math.imul(l.constant!, r.constant!));
  if (INT_INFO[unified].signed) return info(INT('i32'));
  // Math.imul returns a signed result: unsigned operands need u32() around it.
  return intResult('u32', INT32_MIN, INT32_MAX);
}

function typeRuntimeCall(ctx: Context, typer: Typer, call: ts.CallExpression, name: string): ExprInfo {
  if (CONVERSIONS.has(name)) return typeConversion(ctx, typer, call, name);
  switch (name) {
    case 'mul':
      return typeMul(ctx, typer, call, name);
    case 'mulHigh': {
      if (!checkArgCount(ctx, call, name, 2)) return ERROR;
      typer.expectType(ctx, call.arguments[0], INT('i32'));
      typer.expectType(ctx, call.arguments[1], INT('i32'));
      return info(INT('i32'));
    }
    case 'div':
    case 'rem': {
      if (!checkArgCount(ctx, call, name, 2)) return ERROR;
      const [a, b] = call.arguments as unknown as [ts.Expression, ts.Expression];
      const l = typer.typeCanonical(ctx, a);
      const r = typer.typeCanonical(ctx, b);
      if (isError(l) || isError(r)) return ERROR;
      const unified = unifyInts(ctx, call, name, a, l, b, r);
      if (unified === undefined) return ERROR;
      if (unified === 'literal') {
        ctx.report(call, Diagnostics.UnsupportedSyntax, `${name} of two constants (write the constant)`);
        return ERROR;
      }
      const t = INT_INFO[unified];
      return intResult(unified, ...(name === 'rem' ? remainderRange(t) : quotientRange(t)));
    }
    case 'checkIndex': {
      if (!checkArgCount(ctx, call, name, 2)) return ERROR;
      const i = typer.typeCanonical(ctx, call.arguments[0]);
      const n = typer.typeCanonical(ctx, call.arguments[1]);
      if (isError(i) || isError(n)) return ERROR;
      for (const [arg, ai] of [
        [call.arguments[0], i],
        [call.arguments[1], n],
      ] as const) {
        if (ai.type.kind === 'literal') ctx.contextual.set(skipOuter(arg), INT('u32'));
        else if (ai.type.kind !== 'int' || INT_INFO[ai.type.name].signed)
          ctx.report(arg, Diagnostics.IndexNotUnsigned, typeName(ai.type));
      }
      return info(INT('u32'));
    }
    case 'checkRange': {
      if (!checkArgCount(ctx, call, name, 3)) return ERROR;
      for (const arg of call.arguments) {
        const ai = typer.typeCanonical(ctx, arg);
        if (isError(ai)) return ERROR;
        if (ai.type.kind === 'literal') ctx.contextual.set(skipOuter(arg), INT('u32'));
        else if (ai.type.kind !== 'int' || INT_INFO[ai.type.name].signed)
          ctx.report(arg, Diagnostics.IndexNotUnsigned, typeName(ai.type));
      }
      return info(VOID);
    }
    case 'loadU16BE':
    case 'loadU16LE':
    case 'loadU32BE':
    case 'loadU32LE':
      return typeByteLoad(ctx, typer, call, name);
    case 'mmioRead8':
    case 'mmioRead16':
    case 'mmioRead32': {
      if (!checkArgCount(ctx, call, name, 1)) return ERROR;
      typer.expectType(ctx, call.arguments[0], INT('u32'), ' (an address)');
      return info(INT(name === 'mmioRead8' ? 'u8' : name === 'mmioRead16' ? 'u16' : 'u32'));
    }
    case 'mmioWrite8':
    case 'mmioWrite16':
    case 'mmioWrite32': {
      if (!checkArgCount(ctx, call, name, 2)) return ERROR;
      typer.expectType(ctx, call.arguments[0], INT('u32'), ' (an address)');
      typer.expectType(
        ctx,
        call.arguments[1],
        INT(name === 'mmioWrite8' ? 'u8' : name === 'mmioWrite16' ? 'u16' : 'u32'),
      );
      return info(VOID);
    }
    case 'arrayOf':
      ctx.report(call, Diagnostics.HeapAllocation);
      return ERROR;
    default:
      ctx.report(call.expression, Diagnostics.RuntimeNodeOnly, name);
      return ERROR;
  }
}

/** `loadU32BE(bytes, index)` and the other byte-order loads: `bytes` a u8 array, `index` unsigned, and
 *  every byte read proven inside the array (its fixed length, or a checkRange before the read). */
function typeByteLoad(ctx: Context, typer: Typer, call: ts.CallExpression, name: string): ExprInfo {
  if (!checkArgCount(ctx, call, name, 2)) return ERROR;
  const width = name.startsWith('loadU32') ? 4 : 2;
  const result = info(INT(width === 4 ? 'u32' : 'u16'));
  const [arrayArg, indexArg] = call.arguments as unknown as [ts.Expression, ts.Expression];
  const array = typer.typeCanonical(ctx, arrayArg);
  const index = typer.typeCanonical(ctx, indexArg);
  if (isError(array) || isError(index)) return result;
  const element = array.type.kind === 'array' ? array.type.element : undefined;
  if (array.type.kind !== 'array' || element?.kind !== 'int' || element.name !== 'u8') {
    // TypeScript already rejects anything but a Uint8Array here (the runtime's parameter type).
    ctx.report(arrayArg, Diagnostics.TypeMismatch, typeName(array.type), 'Uint8Array', '');
    return result;
  }
  if (index.type.kind === 'literal') ctx.contextual.set(skipOuter(indexArg), INT('u32'));
  else if (index.type.kind !== 'int' || INT_INFO[index.type.name].signed) {
    ctx.report(indexArg, Diagnostics.IndexNotUnsigned, typeName(index.type));
    return result;
  }
  const length = array.type.length;
  if (
    (length !== null && index.min >= 0 && index.max + width <= length) ||
    provenByRangeCheck(ctx, typer.typeExpr, call, arrayArg, indexArg, width - 1)
  )
    ctx.provenLoads.add(call);
  else ctx.report(indexArg, Diagnostics.UnprovenWindow, width, arrayDisplay(arrayArg));
  return result;
}

function typeConversion(ctx: Context, typer: Typer, call: ts.CallExpression, name: string): ExprInfo {
  if (!checkArgCount(ctx, call, name, 1)) return ERROR;
  const arg = call.arguments[0];
  const a = typer.typeExpr(ctx, arg);
  if (isError(a)) return ERROR;
  const t = a.type;
  if (name === 'f32' || name === 'f64') {
    const target: SubsetType = { kind: 'float', name };
    if (t.kind === 'literal')
      return info(target, { constant: name === 'f32' ? Math.fround(t.value) : t.value });
    if (t.kind === 'int') {
      if (a.unwrapped) ctx.report(arg, Diagnostics.Unwrapped, 'integer', typeName(t), t.name);
      return info(target);
    }
    if (t.kind === 'float') return info(target);
    ctx.report(arg, Diagnostics.ConversionArgument, name, typeName(t));
    return ERROR;
  }
  const target = name as IntName;
  const r = INT_INFO[target];
  if (t.kind === 'literal') {
    const value = constantValue(ctx, call);
    ctx.contextual.set(
      skipOuter(arg),
      INT(
        Number.isInteger(t.value) && t.value >= r.min && t.value <= r.max ? target : r.signed ? 'i32' : 'u32',
      ),
    );
    return value === undefined
      ? info(INT(target))
      : info(INT(target), { constant: value, min: value, max: value });
  }
  if (t.kind === 'int') {
    if (Math.abs(a.min) > EXACT || Math.abs(a.max) > EXACT) ctx.report(arg, Diagnostics.PrecisionLoss);
    // A conversion that cannot change the value keeps the argument's narrower interval.
    if (a.min >= r.min && a.max <= r.max)
      return {
        type: INT(target),
        min: a.min,
        max: a.max,
        unwrapped: false,
        ...(a.boundedBy !== undefined ? { boundedBy: a.boundedBy } : {}),
      };
    return info(INT(target));
  }
  if (t.kind === 'float') return info(INT(target));
  if (t.kind === 'enum') return info(INT(target));
  ctx.report(arg, Diagnostics.ConversionArgument, name, typeName(t));
  return ERROR;
}

// ---- operators ---------------------------------------------------------------------------------------------
