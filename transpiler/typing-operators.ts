// Typing of operators: arithmetic, bitwise and shift operators (the result interval from intervals.ts,
// unwrapped when it leaves the result type's range), comparisons, logical operators, unary operators and
// `?:`. Operands unify to one integer type (a constant adapts to the other side; mixed signedness,
// integers with floats and enums in arithmetic are reported).
import ts from 'typescript';
import type { Context } from './context.ts';
import { Diagnostics } from './diagnostics.ts';
import {
  ERROR,
  INT32_MIN,
  info,
  intResult,
  isError,
  literalInfo,
  reportUnwrapped,
  type Typer,
} from './expr-info.ts';
import {
  bitwiseRange,
  complementRange,
  differenceRange,
  exceedsExact,
  negationMayBeNegativeZero,
  negationRange,
  productMayBeNegativeZero,
  productRange,
  shiftLeftRange,
  signedShiftRightRange,
  sumRange,
  unsignedShiftRightRange,
} from './intervals.ts';
import { foldBinary, skipOuter } from './resolve.ts';
import {
  BOOL,
  F64,
  INT,
  INT_INFO,
  sameType,
  typeName,
  type ExprInfo,
  type IntName,
  type SubsetType,
} from './types.ts';

/** Unifies two integer operands (literals adapt to the other side). Returns the result type name. */
export function unifyInts(
  ctx: Context,
  node: ts.Node,
  op: string,
  left: ts.Expression,
  l: ExprInfo,
  right: ts.Expression,
  r: ExprInfo,
): IntName | 'literal' | undefined {
  const lt = l.type;
  const rt = r.type;
  if (lt.kind === 'literal' && rt.kind === 'literal') return 'literal';
  if (lt.kind === 'enum' || rt.kind === 'enum') {
    ctx.report(node, Diagnostics.EnumArithmetic, op);
    return undefined;
  }
  if (lt.kind === 'literal' && rt.kind === 'int') return adaptLiteral(ctx, left, lt.value, rt.name);
  if (rt.kind === 'literal' && lt.kind === 'int') return adaptLiteral(ctx, right, rt.value, lt.name);
  if (lt.kind === 'int' && rt.kind === 'int') {
    const a = INT_INFO[lt.name];
    const b = INT_INFO[rt.name];
    if (a.signed !== b.signed) {
      ctx.report(node, Diagnostics.MixedSignedness, op, lt.name, rt.name);
      return undefined;
    }
    return a.bits >= b.bits ? lt.name : rt.name;
  }
  if (lt.kind === 'float' || rt.kind === 'float') {
    ctx.report(node, Diagnostics.MixedIntFloat, op, typeName(lt), typeName(rt));
    return undefined;
  }
  const bad = lt.kind === 'int' || lt.kind === 'literal' ? rt : lt;
  ctx.report(node, Diagnostics.OperandKind, op, typeName(bad));
  return undefined;
}

const BITWISE = new Set([ts.SyntaxKind.AmpersandToken, ts.SyntaxKind.BarToken, ts.SyntaxKind.CaretToken]);

/** unifyInts for `& | ^`: JavaScript applies them to the operands' 32-bit patterns, so a negative
 *  constant beside an unsigned operand (`id & ~MASK`) is its pattern (0xe3ffffff), not out of range. */
function unifyBitwise(
  ctx: Context,
  node: ts.Node,
  op: string,
  left: ts.Expression,
  l: ExprInfo,
  right: ts.Expression,
  r: ExprInfo,
): IntName | 'literal' | undefined {
  const pattern = (constant: ExprInfo, other: ExprInfo): boolean =>
    constant.type.kind === 'literal' &&
    Number.isInteger(constant.type.value) &&
    constant.type.value < 0 &&
    constant.type.value >= INT32_MIN &&
    other.type.kind === 'int' &&
    !INT_INFO[other.type.name].signed;
  if (pattern(l, r)) {
    ctx.contextual.set(skipOuter(left), INT('u32'));
    return (r.type as { name: IntName }).name;
  }
  if (pattern(r, l)) {
    ctx.contextual.set(skipOuter(right), INT('u32'));
    return (l.type as { name: IntName }).name;
  }
  return unifyInts(ctx, node, op, left, l, right, r);
}

function adaptLiteral(ctx: Context, expr: ts.Expression, value: number, name: IntName): IntName | undefined {
  const r = INT_INFO[name];
  if (!Number.isInteger(value)) {
    ctx.report(expr, Diagnostics.FloatLiteralInIntegerContext, value, name);
    return undefined;
  }
  if (value < r.min || value > r.max || Object.is(value, -0)) {
    ctx.report(expr, Diagnostics.LiteralOutOfRange, Object.is(value, -0) ? '-0' : value, name);
    return undefined;
  }
  ctx.contextual.set(skipOuter(expr), INT(name));
  return name;
}

const ARITHMETIC: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.PlusToken]: '+',
  [ts.SyntaxKind.MinusToken]: '-',
  [ts.SyntaxKind.AsteriskToken]: '*',
  [ts.SyntaxKind.SlashToken]: '/',
  [ts.SyntaxKind.PercentToken]: '%',
  [ts.SyntaxKind.AmpersandToken]: '&',
  [ts.SyntaxKind.BarToken]: '|',
  [ts.SyntaxKind.CaretToken]: '^',
  [ts.SyntaxKind.LessThanLessThanToken]: '<<',
  [ts.SyntaxKind.GreaterThanGreaterThanToken]: '>>',
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken]: '>>>',
};

const COMPARISON: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.LessThanToken]: '<',
  [ts.SyntaxKind.LessThanEqualsToken]: '<=',
  [ts.SyntaxKind.GreaterThanToken]: '>',
  [ts.SyntaxKind.GreaterThanEqualsToken]: '>=',
  [ts.SyntaxKind.EqualsEqualsEqualsToken]: '===',
  [ts.SyntaxKind.ExclamationEqualsEqualsToken]: '!==',
};

export function typeBinary(ctx: Context, typer: Typer, expr: ts.BinaryExpression): ExprInfo {
  const op = expr.operatorToken.kind;
  if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) {
    ctx.report(expr, Diagnostics.AssignmentAsExpression);
    return ERROR;
  }
  switch (op) {
    case ts.SyntaxKind.EqualsEqualsToken:
      ctx.report(expr.operatorToken, Diagnostics.LooseEquality, '==', '===');
      return ERROR;
    case ts.SyntaxKind.ExclamationEqualsToken:
      ctx.report(expr.operatorToken, Diagnostics.LooseEquality, '!=', '!==');
      return ERROR;
    case ts.SyntaxKind.QuestionQuestionToken:
      ctx.report(expr.operatorToken, Diagnostics.OptionalChaining);
      return ERROR;
    case ts.SyntaxKind.CommaToken:
      ctx.report(expr.operatorToken, Diagnostics.CommaOperator);
      return ERROR;
    case ts.SyntaxKind.InKeyword:
      ctx.report(expr.operatorToken, Diagnostics.ReflectiveOperator, 'in');
      return ERROR;
    case ts.SyntaxKind.InstanceOfKeyword:
      ctx.report(expr.operatorToken, Diagnostics.ReflectiveOperator, 'instanceof');
      return ERROR;
    case ts.SyntaxKind.AsteriskAsteriskToken:
      ctx.report(expr.operatorToken, Diagnostics.UnsupportedSyntax, '**');
      return ERROR;
    case ts.SyntaxKind.AmpersandAmpersandToken:
    case ts.SyntaxKind.BarBarToken:
      typer.expectBool(ctx, expr.left);
      typer.expectBool(ctx, expr.right);
      return info(BOOL);
  }
  const comparison = COMPARISON[op];
  if (comparison !== undefined) return typeComparison(ctx, typer, expr, comparison);
  const symbol = ARITHMETIC[op];
  if (symbol === undefined) {
    ctx.report(expr.operatorToken, Diagnostics.UnsupportedSyntax, expr.operatorToken.getText());
    return ERROR;
  }
  return typeArithmetic(ctx, typer, expr, op, symbol, expr.left, expr.right);
}

/** Types `left op right` for an arithmetic or bitwise operator (also used for compound assignments). */
export function typeArithmetic(
  ctx: Context,
  typer: Typer,
  node: ts.Node,
  op: ts.SyntaxKind,
  symbol: string,
  left: ts.Expression,
  right: ts.Expression,
): ExprInfo {
  const l = typer.typeExpr(ctx, left);
  const r = typer.typeExpr(ctx, right);
  if (isError(l) || isError(r)) return ERROR;
  if (
    l.stringLiteral === true ||
    r.stringLiteral === true ||
    l.type.kind === 'cstr' ||
    r.type.kind === 'cstr'
  ) {
    ctx.report(node, Diagnostics.StringOperation);
    return ERROR;
  }
  const isShift =
    op === ts.SyntaxKind.LessThanLessThanToken ||
    op === ts.SyntaxKind.GreaterThanGreaterThanToken ||
    op === ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken;
  // Floats.
  if (l.type.kind === 'float' || r.type.kind === 'float') {
    return typeFloatArithmetic(ctx, node, op, symbol, left, l, right, r);
  }
  if (l.type.kind === 'literal' && r.type.kind === 'literal') {
    if (op === ts.SyntaxKind.PercentToken) {
      ctx.report(node, Diagnostics.DivisionOperator, symbol, 'rem');
      return ERROR;
    }
    return literalInfo(foldBinary(op, l.type.value, r.type.value)!);
  }
  if (op === ts.SyntaxKind.SlashToken || op === ts.SyntaxKind.PercentToken) {
    ctx.report(node, Diagnostics.DivisionOperator, symbol, op === ts.SyntaxKind.SlashToken ? 'div' : 'rem');
    return ERROR;
  }
  if (isShift) return typeShift(ctx, node, op, symbol, left, l, right, r);
  // Operands that are unwrapped are fine here: these operators are modular in C's uint32_t computation.
  const name = BITWISE.has(op)
    ? unifyBitwise(ctx, node, symbol, left, l, right, r)
    : unifyInts(ctx, node, symbol, left, l, right, r);
  if (name === undefined || name === 'literal') return ERROR;
  let min: number;
  let max: number;
  switch (op) {
    case ts.SyntaxKind.PlusToken:
      [min, max] = sumRange(l, r);
      break;
    case ts.SyntaxKind.MinusToken:
      [min, max] = differenceRange(l, r);
      break;
    case ts.SyntaxKind.AsteriskToken: {
      [min, max] = productRange(l, r);
      if (exceedsExact(min, max)) {
        ctx.report(node, Diagnostics.WideMultiply, name);
        return ERROR;
      }
      // 0 * -5 is -0 in JavaScript: not a canonical integer (f64() would keep the sign).
      if (productMayBeNegativeZero(l, r)) return { ...intResult(name, min, max), unwrapped: true };
      break;
    }
    default:
      [min, max] = bitwiseRange(op, l, r);
  }
  if (exceedsExact(min, max)) {
    ctx.report(node, Diagnostics.PrecisionLoss);
    return ERROR;
  }
  return intResult(name, min, max);
}

function typeShift(
  ctx: Context,
  node: ts.Node,
  op: ts.SyntaxKind,
  symbol: string,
  left: ts.Expression,
  l: ExprInfo,
  right: ts.Expression,
  r: ExprInfo,
): ExprInfo {
  // The count: any integer (taken modulo 32, as JavaScript does).
  let count: number | undefined;
  if (r.type.kind === 'literal') {
    if (!Number.isInteger(r.type.value)) {
      ctx.report(right, Diagnostics.FloatLiteralInIntegerContext, r.type.value, 'u32');
      return ERROR;
    }
    count = r.type.value & 31;
    ctx.contextual.set(skipOuter(right), INT('u32'));
  } else if (r.type.kind !== 'int') {
    ctx.report(right, Diagnostics.OperandKind, symbol, typeName(r.type));
    return ERROR;
  }
  let name: IntName;
  if (l.type.kind === 'literal') {
    // A constant shifted by a variable count: it takes u32 for >>> and <<, i32 for >>.
    name =
      op === ts.SyntaxKind.GreaterThanGreaterThanToken
        ? 'i32'
        : r.type.kind === 'int' && INT_INFO[r.type.name].signed
          ? 'i32'
          : 'u32';
    if (op === ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken) name = 'u32';
    if (adaptLiteral(ctx, left, l.type.value, name) === undefined) return ERROR;
    l = info(INT(name), { min: l.type.value, max: l.type.value });
  } else if (l.type.kind === 'int') name = l.type.name;
  else {
    ctx.report(
      node,
      l.type.kind === 'enum' ? Diagnostics.EnumArithmetic : Diagnostics.OperandKind,
      symbol,
      typeName(l.type),
    );
    return ERROR;
  }
  const signed = INT_INFO[name].signed;
  if (op === ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken) {
    if (signed) {
      ctx.report(node, Diagnostics.UnsignedShiftOfSigned, name);
      return ERROR;
    }
    return intResult(name, ...unsignedShiftRightRange(l, count));
  }
  if (op === ts.SyntaxKind.GreaterThanGreaterThanToken) {
    if (!signed) {
      ctx.report(node, Diagnostics.SignedShiftOfUnsigned, name);
      return ERROR;
    }
    return intResult(name, ...signedShiftRightRange(l, count));
  }
  return intResult(name, ...shiftLeftRange(l, count));
}

function typeFloatArithmetic(
  ctx: Context,
  node: ts.Node,
  op: ts.SyntaxKind,
  symbol: string,
  left: ts.Expression,
  l: ExprInfo,
  right: ts.Expression,
  r: ExprInfo,
): ExprInfo {
  if (
    ![
      ts.SyntaxKind.PlusToken,
      ts.SyntaxKind.MinusToken,
      ts.SyntaxKind.AsteriskToken,
      ts.SyntaxKind.SlashToken,
    ].includes(op)
  ) {
    ctx.report(node, Diagnostics.OperandKind, symbol, 'float');
    return ERROR;
  }
  const names: string[] = [];
  for (const i of [l, r]) {
    if (i.type.kind === 'float') names.push(i.type.name);
    else if (i.type.kind !== 'literal') {
      ctx.report(node, Diagnostics.MixedIntFloat, symbol, typeName(l.type), typeName(r.type));
      return ERROR;
    }
  }
  const result: 'f32' | 'f64' = names.includes('f64') ? 'f64' : 'f32';
  for (const [e, i] of [
    [left, l],
    [right, r],
  ] as const) {
    if (i.type.kind === 'literal') ctx.contextual.set(skipOuter(e), F64);
    // Unwrapped f32 operands are computed in double precision, as JavaScript does: only an f64 result
    // would lose that, so they are allowed inside f32 arithmetic only.
    if (i.unwrapped && result === 'f64') reportUnwrapped(ctx, e, i);
  }
  return { type: { kind: 'float', name: result }, min: 0, max: 0, unwrapped: result === 'f32' };
}

function typeComparison(ctx: Context, typer: Typer, expr: ts.BinaryExpression, symbol: string): ExprInfo {
  const l = typer.typeCanonical(ctx, expr.left);
  const r = typer.typeCanonical(ctx, expr.right);
  if (isError(l) || isError(r)) return info(BOOL);
  const lt = l.type;
  const rt = r.type;
  const equality = symbol === '===' || symbol === '!==';
  if (l.stringLiteral === true || r.stringLiteral === true || lt.kind === 'cstr' || rt.kind === 'cstr') {
    ctx.report(expr, Diagnostics.StringOperation);
    return info(BOOL);
  }
  if (lt.kind === 'null' || rt.kind === 'null') {
    const other = lt.kind === 'null' ? rt : lt;
    if (other.kind !== 'class' && other.kind !== 'null') {
      ctx.report(lt.kind === 'null' ? expr.left : expr.right, Diagnostics.NullToNonNullable);
      return info(BOOL);
    }
  }
  if (lt.kind === 'float' || rt.kind === 'float') {
    if ((lt.kind === 'float' || lt.kind === 'literal') && (rt.kind === 'float' || rt.kind === 'literal')) {
      if (lt.kind === 'literal') ctx.contextual.set(skipOuter(expr.left), F64);
      if (rt.kind === 'literal') ctx.contextual.set(skipOuter(expr.right), F64);
      return info(BOOL);
    }
    ctx.report(expr, Diagnostics.MixedIntFloat, symbol, typeName(lt), typeName(rt));
    return info(BOOL);
  }
  if (lt.kind === 'int' || rt.kind === 'int' || (lt.kind === 'literal' && rt.kind === 'literal')) {
    if (lt.kind === 'literal' && rt.kind === 'literal') return info(BOOL);
    unifyInts(ctx, expr, symbol, expr.left, l, expr.right, r);
    return info(BOOL);
  }
  if (lt.kind === 'enum' && rt.kind === 'enum' && lt.decl === rt.decl) return info(BOOL);
  if (!equality) {
    ctx.report(expr, Diagnostics.OperandKind, symbol, typeName(lt));
    return info(BOOL);
  }
  if (lt.kind === 'bool' && rt.kind === 'bool') return info(BOOL);
  const isRef = (t: SubsetType): boolean => t.kind === 'class' || t.kind === 'null' || t.kind === 'interface';
  if (isRef(lt) && isRef(rt)) {
    if (lt.kind === 'null' && rt.kind === 'null') return info(BOOL);
    if (
      lt.kind === 'null' ||
      rt.kind === 'null' ||
      (lt.kind === rt.kind && (lt as { decl: ts.Node }).decl === (rt as { decl: ts.Node }).decl)
    )
      return info(BOOL);
  }
  ctx.report(expr, Diagnostics.TypeMismatch, typeName(rt), typeName(lt), ` (operands of '${symbol}')`);
  return info(BOOL);
}

export function typePrefix(ctx: Context, typer: Typer, expr: ts.PrefixUnaryExpression): ExprInfo {
  switch (expr.operator) {
    case ts.SyntaxKind.ExclamationToken:
      typer.expectBool(ctx, expr.operand);
      return info(BOOL);
    case ts.SyntaxKind.PlusPlusToken:
    case ts.SyntaxKind.MinusMinusToken:
      ctx.report(
        expr,
        Diagnostics.IncrementOutsideFor,
        expr.operator === ts.SyntaxKind.PlusPlusToken ? '++' : '--',
        'u32',
      );
      return ERROR;
    case ts.SyntaxKind.PlusToken:
      ctx.report(expr, Diagnostics.UnsupportedSyntax, 'unary +');
      return ERROR;
  }
  const a = typer.typeExpr(ctx, expr.operand);
  if (isError(a)) return ERROR;
  const t = a.type;
  if (t.kind === 'literal')
    return literalInfo(expr.operator === ts.SyntaxKind.MinusToken ? -t.value : ~t.value);
  if (t.kind === 'float') {
    if (expr.operator === ts.SyntaxKind.MinusToken) return { ...a, type: t };
    ctx.report(expr, Diagnostics.OperandKind, '~', t.name);
    return ERROR;
  }
  if (t.kind !== 'int') {
    ctx.report(
      expr,
      t.kind === 'enum' ? Diagnostics.EnumArithmetic : Diagnostics.OperandKind,
      expr.operator === ts.SyntaxKind.MinusToken ? '-' : '~',
      typeName(t),
    );
    return ERROR;
  }
  const r = INT_INFO[t.name];
  if (expr.operator === ts.SyntaxKind.MinusToken) {
    if (!r.signed) {
      ctx.report(expr, Diagnostics.NegateUnsigned, t.name);
      return ERROR;
    }
    // -0 (from -x with x = 0) is not a canonical integer either.
    const result = intResult(t.name, ...negationRange(a));
    return negationMayBeNegativeZero(a) ? { ...result, unwrapped: true } : result;
  }
  return intResult(t.name, ...complementRange(a));
}

export function typeConditional(ctx: Context, typer: Typer, expr: ts.ConditionalExpression): ExprInfo {
  typer.expectBool(ctx, expr.condition);
  const a = typer.typeCanonical(ctx, expr.whenTrue);
  const b = typer.typeCanonical(ctx, expr.whenFalse);
  if (isError(a) || isError(b)) return ERROR;
  if (a.type.kind === 'literal' && b.type.kind === 'literal') {
    // Two constants: the context gives the type (see expectType); not itself a constant.
    return { type: a.type, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), unwrapped: false };
  }
  if (a.type.kind === 'literal') {
    typer.expectType(ctx, expr.whenTrue, b.type);
    return info(b.type);
  }
  if (b.type.kind === 'literal' || b.type.kind === 'null') {
    typer.expectType(ctx, expr.whenFalse, a.type);
    return info(a.type);
  }
  if (a.type.kind === 'null') {
    typer.expectType(ctx, expr.whenTrue, b.type);
    return info(b.type);
  }
  if (a.type.kind === 'int' && b.type.kind === 'int') {
    const name = unifyInts(ctx, expr, '?:', expr.whenTrue, a, expr.whenFalse, b);
    if (name === undefined || name === 'literal') return ERROR;
    return info(INT(name));
  }
  if (a.type.kind === 'array' || b.type.kind === 'array') {
    // The branches may have different lengths (a fixed array and a parameter): no single length, no
    // proof and no `_len` would describe the result. Choose the array with an if statement.
    ctx.report(expr, Diagnostics.UnsupportedSyntax, "choosing an array with '?:' (use an if statement)");
    return ERROR;
  }
  if (!sameType(a.type, b.type)) {
    ctx.report(expr, Diagnostics.TypeMismatch, typeName(b.type), typeName(a.type), " (branches of '?:')");
    return ERROR;
  }
  return info(a.type);
}

/** Compound assignments and the operator each applies. */
const COMPOUND: Partial<Record<ts.SyntaxKind, [ts.SyntaxKind, string]>> = {
  [ts.SyntaxKind.PlusEqualsToken]: [ts.SyntaxKind.PlusToken, '+'],
  [ts.SyntaxKind.MinusEqualsToken]: [ts.SyntaxKind.MinusToken, '-'],
  [ts.SyntaxKind.AsteriskEqualsToken]: [ts.SyntaxKind.AsteriskToken, '*'],
  [ts.SyntaxKind.SlashEqualsToken]: [ts.SyntaxKind.SlashToken, '/'],
  [ts.SyntaxKind.PercentEqualsToken]: [ts.SyntaxKind.PercentToken, '%'],
  [ts.SyntaxKind.AmpersandEqualsToken]: [ts.SyntaxKind.AmpersandToken, '&'],
  [ts.SyntaxKind.BarEqualsToken]: [ts.SyntaxKind.BarToken, '|'],
  [ts.SyntaxKind.CaretEqualsToken]: [ts.SyntaxKind.CaretToken, '^'],
  [ts.SyntaxKind.LessThanLessThanEqualsToken]: [ts.SyntaxKind.LessThanLessThanToken, '<<'],
  [ts.SyntaxKind.GreaterThanGreaterThanEqualsToken]: [ts.SyntaxKind.GreaterThanGreaterThanToken, '>>'],
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken]: [
    ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
    '>>>',
  ],
};

/** The operator of a compound assignment (`+=` → `+`), or undefined. */
export function compoundOperator(kind: ts.SyntaxKind): [ts.SyntaxKind, string] | undefined {
  return COMPOUND[kind];
}
