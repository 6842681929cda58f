// fast-check generators of well-typed subset code for the property-based differential tests: integer
// expression trees that follow the wrapping rule of docs/TS-SUBSET.md §3 (every result that can leave its
// type's range is the direct argument of a conversion), and small straight-line/branching/looping
// function bodies over locals. Trees are data (so fast-check can shrink them) and are rendered to
// TypeScript against a scope of variables at the end.
import fc from 'fast-check';

export type IntType = 'u8' | 'u16' | 'u32' | 'i8' | 'i16' | 'i32';
export const INT_TYPES: readonly IntType[] = ['u8', 'u16', 'u32', 'i8', 'i16', 'i32'];
export type FloatType = 'f32' | 'f64';
export const FLOAT_TYPES: readonly FloatType[] = ['f32', 'f64'];
export type NumericType = IntType | FloatType;

interface IntRange {
  signed: boolean;
  bits: 8 | 16 | 32;
  min: number;
  max: number;
}

export const INT_RANGE: Record<IntType, IntRange> = {
  u8: { signed: false, bits: 8, min: 0, max: 0xff },
  u16: { signed: false, bits: 16, min: 0, max: 0xffff },
  u32: { signed: false, bits: 32, min: 0, max: 0xffffffff },
  i8: { signed: true, bits: 8, min: -0x80, max: 0x7f },
  i16: { signed: true, bits: 16, min: -0x8000, max: 0x7fff },
  i32: { signed: true, bits: 32, min: -0x80000000, max: 0x7fffffff },
};

/** Types of the same signedness no wider than `t` (operands that widen implicitly to `t`). */
function narrowerOrEqual(t: IntType): IntType[] {
  return INT_TYPES.filter(
    (s) => INT_RANGE[s].signed === INT_RANGE[t].signed && INT_RANGE[s].bits <= INT_RANGE[t].bits,
  );
}

// ---- expression trees ------------------------------------------------------------------------------

export type BinaryOperator = '+' | '-' | '*' | '&' | '|' | '^' | '<<' | '>>' | '>>>';
export type CompareOperator = '<' | '<=' | '>' | '>=' | '===' | '!==';

/** An integer expression. `pick` chooses among the variables of `type` in scope when rendered. */
export type IntExpr =
  | { kind: 'var'; type: IntType; pick: number }
  | { kind: 'lit'; type: IntType; value: number }
  | { kind: 'bin'; type: IntType; op: BinaryOperator; left: IntExpr; right: IntExpr }
  | { kind: 'neg' | 'not'; type: IntType; operand: IntExpr }
  | { kind: 'conv'; type: IntType; operand: IntExpr }
  | { kind: 'call'; type: IntType; fn: 'mul' | 'div' | 'rem'; left: IntExpr; right: IntExpr }
  | { kind: 'cond'; type: IntType; test: BoolExpr; whenTrue: IntExpr; whenFalse: IntExpr }
  /** `note_<type>(operand)`: returns the operand and appends it to the batch's evaluation trail, so
   *  that the order in which operands with side effects are evaluated becomes visible. */
  | { kind: 'note'; type: IntType; operand: IntExpr }
  /** `T(float)`: float to integer (truncation toward zero, NaN/infinity to 0, modulo 2^32). */
  | { kind: 'fconv'; type: IntType; operand: FloatExpr };

/** A floating-point expression (every f32 result rounded with f32(), except a `chained` f32 operation that
 *  is the operand of another f32 operation: it stays in double precision until the outer f32()). */
export type FloatExpr =
  | { kind: 'fvar'; type: FloatType; pick: number }
  | { kind: 'flit'; type: FloatType; value: number }
  | {
      kind: 'fbin';
      type: FloatType;
      op: '+' | '-' | '*' | '/';
      left: FloatExpr;
      right: FloatExpr;
      chained: boolean;
    }
  | { kind: 'fneg'; type: FloatType; operand: FloatExpr }
  | { kind: 'fwiden'; type: FloatType; operand: FloatExpr }
  | { kind: 'fromint'; type: FloatType; operand: IntExpr }
  | { kind: 'math'; type: 'f64'; fn: 'sqrt' | 'abs'; operand: FloatExpr }
  | { kind: 'fcond'; type: FloatType; test: BoolExpr; whenTrue: FloatExpr; whenFalse: FloatExpr };

export type BoolExpr =
  | { kind: 'cmp'; op: CompareOperator; left: IntExpr; right: IntExpr }
  | { kind: 'fcmp'; op: CompareOperator; left: FloatExpr; right: FloatExpr }
  | { kind: 'lnot'; operand: BoolExpr }
  | { kind: 'and' | 'or'; left: BoolExpr; right: BoolExpr };

/** Variables visible where an expression is rendered, by type (never empty: module inputs). */
export type Scope = Record<NumericType, readonly string[]>;

export function renderInt(e: IntExpr, scope: Scope): string {
  switch (e.kind) {
    case 'var': {
      const names = scope[e.type];
      return names[e.pick % names.length];
    }
    case 'lit':
      return e.value < 0 ? `(${e.value})` : e.value > 9 ? `0x${e.value.toString(16)}` : String(e.value);
    case 'bin':
      return `(${renderInt(e.left, scope)} ${e.op} ${renderInt(e.right, scope)})`;
    case 'neg':
      return negate(renderInt(e.operand, scope));
    case 'not':
      return `~${renderInt(e.operand, scope)}`;
    case 'conv':
      return `${e.type}(${renderInt(e.operand, scope)})`;
    case 'call':
      return `${e.fn}(${renderInt(e.left, scope)}, ${renderInt(e.right, scope)})`;
    case 'cond':
      return `(${renderBool(e.test, scope)} ? ${renderInt(e.whenTrue, scope)} : ${renderInt(e.whenFalse, scope)})`;
    case 'note':
      return `note_${e.type}(${renderInt(e.operand, scope)})`;
    case 'fconv':
      return `${e.type}(${renderFloat(e.operand, scope)})`;
  }
}

/** `-x`, parenthesised when `x` itself starts with a minus (`--x` would be a decrement). */
function negate(operand: string): string {
  return operand.startsWith('-') ? `-(${operand})` : `-${operand}`;
}

/** Renders a float literal so that JavaScript and C read the same double (shortest round trip). */
function floatLiteral(value: number): string {
  const text = String(value);
  return value < 0 ? `(${text})` : text;
}

/** `insideF32`: the expression is an operand of an f32 operation, so a chained f32 operation may stay
 *  unwrapped (`f32(a * b + c)`: JavaScript rounds once, after the addition). */
export function renderFloat(e: FloatExpr, scope: Scope, insideF32 = false): string {
  switch (e.kind) {
    case 'fvar': {
      const names = scope[e.type];
      return names[e.pick % names.length];
    }
    case 'flit':
      return floatLiteral(e.value);
    case 'fbin': {
      const single = e.type === 'f32';
      const text = `(${renderFloat(e.left, scope, single)} ${e.op} ${renderFloat(e.right, scope, single)})`;
      return single && !(e.chained && insideF32) ? `f32${text}` : text;
    }
    case 'fneg':
      return e.type === 'f32'
        ? `f32(${negate(renderFloat(e.operand, scope))})`
        : negate(renderFloat(e.operand, scope));
    case 'fwiden':
      return `${e.type}(${renderFloat(e.operand, scope)})`;
    case 'fromint':
      return `${e.type}(${renderInt(e.operand, scope)})`;
    case 'math':
      return `Math.${e.fn}(${renderFloat(e.operand, scope)})`;
    case 'fcond':
      return `(${renderBool(e.test, scope)} ? ${renderFloat(e.whenTrue, scope)} : ${renderFloat(e.whenFalse, scope)})`;
  }
}

/** `left op right` with `<`/`<=` written as the mirrored `>`/`>=` (equal for every value, NaN
 *  included): `a < (b | (c > d) ? …)` would parse as a generic call `a<T>(…)` in TypeScript. */
function comparison(left: string, op: CompareOperator, right: string): string {
  if (op === '<') return `(${right} > ${left})`;
  if (op === '<=') return `(${right} >= ${left})`;
  return `(${left} ${op} ${right})`;
}

export function renderBool(e: BoolExpr, scope: Scope): string {
  switch (e.kind) {
    case 'fcmp': {
      const left = renderFloat(e.left, scope);
      const right = renderFloat(e.right, scope);
      return comparison(left, e.op, left === right ? '0.5' : right);
    }
    case 'cmp': {
      const left = renderInt(e.left, scope);
      const right = renderInt(e.right, scope);
      // Comparing an expression with itself is constant: gcc rejects it under -Wtautological-compare
      // (see COMPARISON_WARNING_NOTE); compare with 1 instead (a literal that fits every type).
      return comparison(left, e.op, left === right ? '1' : right);
    }
    case 'lnot':
      return `!${renderBool(e.operand, scope)}`;
    case 'and':
      return `(${renderBool(e.left, scope)} && ${renderBool(e.right, scope)})`;
    case 'or':
      return `(${renderBool(e.left, scope)} || ${renderBool(e.right, scope)})`;
  }
}

/** Comparisons that are constant in C (an expression compared with itself; an unsigned value compared
 *  with 0 or a value with its type's limit) are valid subset code, but gcc rejects the generated C under
 *  `-Wextra -Werror` (-Wtautological-compare, -Wtype-limits). The generators avoid them so that they do
 *  not hide other findings; the corpus program `constant-comparisons` covers them. */
export const COMPARISON_WARNING_NOTE = 'constant comparisons are covered by corpus/constant-comparisons';

// ---- arbitraries -----------------------------------------------------------------------------------

/** Values of `t` biased towards the boundaries where wrapping happens. */
export function boundaryValue(t: IntType): fc.Arbitrary<number> {
  const { min, max, bits, signed } = INT_RANGE[t];
  const edges = [
    0,
    1,
    2,
    max,
    max - 1,
    min,
    min + 1,
    signed ? -1 : Math.floor(max / 2),
    signed ? -2 : Math.ceil(max / 2),
  ];
  if (bits > 8) edges.push(signed ? 127 : 255, signed ? -128 : 256, signed ? 128 : 0x80);
  if (bits > 16) edges.push(signed ? 32767 : 0xffff, signed ? -32768 : 0x10000, signed ? 65536 : 0x8000);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...edges.filter((v) => v >= min && v <= max)) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
  );
}

/** Float values around the integer conversion limits, special magnitudes and ordinary fractions; f32
 *  values are rounded to single precision (f32 constants must be exact). */
export function floatBoundaryValue(t: FloatType): fc.Arbitrary<number> {
  const edges = [
    0, 0.5, -0.5, 1, -1, 1.5, -2.75, 127.5, 128, -128.5, 255.9, 256, 65535.5, 65536, 2147483647.5, 2147483648,
    -2147483648.5, -2147483649, 4294967295.5, 4294967296, 1e10, -1e10, 9007199254740993, 1e19, -1e19, 1e300,
    -1e300, 5e-324, 1e-310, 3.4028234663852886e38, 1.401298464324817e-45,
  ];
  const round = (v: number): number => (t === 'f32' ? Math.fround(v) : v);
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.constantFrom(...edges) },
      { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
      { weight: 1, arbitrary: fc.integer({ min: -0x80000000, max: 0xffffffff }).map((v) => v + 0.25) },
    )
    .map(round)
    .filter((v) => Number.isFinite(v) && !Object.is(v, -0));
}

/** Shift counts: small, around 31/32 and large, as literals. */
const shiftCountLiteral = fc.oneof(
  fc.constantFrom(0, 1, 7, 8, 15, 16, 31, 32, 33, 63),
  fc.integer({ min: 0, max: 100 }),
);

export interface ExpressionOptions {
  /** Recursion depth bound of the expression trees. */
  maxDepth: number;
  /** Include `note_<type>()` calls (operands with side effects whose evaluation order is observed). */
  sideEffects: boolean;
  /** Include float expressions (as operands of integer conversions and as comparisons). */
  floats: boolean;
  /** Also place unwrapped forms where the transpiler's range analysis may accept them (operands,
   *  comparisons, int-to-float conversions). Such cases may be rejected (BH1201): that is not a failure,
   *  but an accepted case must still compute the same value. */
  permissive: boolean;
}

/** Floats are on unless BH_DIFF_FLOATS=0. */
export function floatsFromEnvironment(): boolean {
  return process.env['BH_DIFF_FLOATS'] !== '0';
}

/** Side effects are on unless BH_DIFF_SIDE_EFFECTS=0 (to look for other differences while a known
 *  evaluation-order difference is being fixed). */
export function sideEffectsFromEnvironment(): boolean {
  return process.env['BH_DIFF_SIDE_EFFECTS'] !== '0';
}

/** The arbitraries of one generator configuration. */
export interface SubsetArbitraries {
  /** An expression of exactly type `t` whose value is canonical ("wrapped"). */
  wrapped: Record<IntType, fc.Arbitrary<IntExpr>>;
  float: Record<FloatType, fc.Arbitrary<FloatExpr>>;
  bool: fc.Arbitrary<BoolExpr>;
  /** A wrapped expression of a random type. */
  anyWrapped: fc.Arbitrary<IntExpr>;
  /** A float expression of a random float type. */
  anyFloat: fc.Arbitrary<FloatExpr>;
}

export function subsetArbitraries(options: ExpressionOptions): SubsetArbitraries {
  const depth = {
    maxDepth: options.maxDepth,
    depthSize: 'small' as const,
    depthIdentifier: 'subset-expression',
  };
  const built = fc.letrec<Record<string, IntExpr | BoolExpr | FloatExpr>>((tie) => {
    const floatOf = (t: FloatType) => tie(`f_${t}`) as fc.Arbitrary<FloatExpr>;
    const wrappedOf = (t: IntType) => tie(`w_${t}`) as fc.Arbitrary<IntExpr>;
    const unwrappedOf = (t: IntType) => tie(`u_${t}`) as fc.Arbitrary<IntExpr>;
    const boolArb = tie('bool') as fc.Arbitrary<BoolExpr>;
    const variable = (t: IntType): fc.Arbitrary<IntExpr> =>
      fc.nat(7).map((pick) => ({ kind: 'var', type: t, pick }));
    const literal = (t: IntType): fc.Arbitrary<IntExpr> =>
      boundaryValue(t).map((value) => ({ kind: 'lit', type: t, value }));
    /** An operand that combines with a `t` operand into type `t`: a narrower or equal type, or a literal. */
    const operand = (t: IntType): fc.Arbitrary<IntExpr> =>
      fc.oneof(
        { weight: 3, arbitrary: wrappedOf(t) },
        { weight: 1, arbitrary: fc.constantFrom(...narrowerOrEqual(t)).chain((s) => wrappedOf(s)) },
        { weight: 2, arbitrary: literal(t) },
        ...(options.permissive ? [{ weight: 2, arbitrary: unwrappedOf(t) }] : []),
      );
    /** Two operands whose combined type is exactly `t` (at least one is a non-literal of type `t`). */
    const pair = (t: IntType): fc.Arbitrary<[IntExpr, IntExpr]> =>
      fc.oneof(fc.tuple(wrappedOf(t), operand(t)), fc.tuple(operand(t), wrappedOf(t)));
    const count: fc.Arbitrary<IntExpr> = fc.oneof(
      {
        weight: 2,
        arbitrary: shiftCountLiteral.map((value): IntExpr => ({ kind: 'lit', type: 'u32', value })),
      },
      { weight: 1, arbitrary: fc.constantFrom(...INT_TYPES).chain((s) => wrappedOf(s)) },
    );
    const bin = (t: IntType, op: BinaryOperator) =>
      pair(t).map(([left, right]): IntExpr => ({ kind: 'bin', type: t, op, left, right }));
    const shift = (t: IntType, op: BinaryOperator) =>
      fc
        .tuple(wrappedOf(t), count)
        .map(([left, right]): IntExpr => ({ kind: 'bin', type: t, op, left, right }));
    const call = (t: IntType, fn: 'mul' | 'div' | 'rem', operands: fc.Arbitrary<[IntExpr, IntExpr]>) =>
      operands.map(([left, right]): IntExpr => ({ kind: 'call', type: t, fn, left, right }));
    const conversion = (t: IntType) =>
      fc
        .constantFrom(...INT_TYPES)
        .chain((s) => unwrappedOf(s))
        .map((operand): IntExpr => ({ kind: 'conv', type: t, operand }));

    const result: Record<string, fc.Arbitrary<IntExpr | BoolExpr | FloatExpr>> = {};
    for (const t of INT_TYPES) {
      const { signed, bits } = INT_RANGE[t];
      // Wrapped forms of type t (the first alternative is the leaf used at the depth bound).
      const wrappedForms: fc.Arbitrary<IntExpr>[] = [variable(t), conversion(t), call(t, 'rem', pair(t))];
      if (bits < 32 || signed) wrappedForms.push(bin(t, '&'), bin(t, '|'), bin(t, '^'));
      if (t === 'u32') {
        wrappedForms.push(
          fc
            .tuple(wrappedOf('u32'), fc.integer({ min: 0, max: 0x7fffffff }))
            .map(([left, value]): IntExpr => ({
              kind: 'bin',
              type: 'u32',
              op: '&',
              left,
              right: { kind: 'lit', type: 'u32', value },
            })),
        );
      }
      if (signed)
        wrappedForms.push(wrappedOf(t).map((operand): IntExpr => ({ kind: 'not', type: t, operand })));
      wrappedForms.push(shift(t, signed ? '>>' : '>>>'));
      if (t === 'i32') {
        wrappedForms.push(shift(t, '<<'));
        wrappedForms.push(
          call(t, 'mul', fc.tuple(wrappedOf('i32'), fc.oneof(wrappedOf('i32'), literal('i32')))),
        );
      }
      if (!(signed && bits < 32)) wrappedForms.push(call(t, 'div', pair(t)));
      if (options.floats) {
        wrappedForms.push(
          fc
            .constantFrom(...FLOAT_TYPES)
            .chain((f) => floatOf(f))
            .map((operand): IntExpr => ({ kind: 'fconv', type: t, operand })),
        );
      }
      if (options.sideEffects)
        wrappedForms.push(wrappedOf(t).map((operand): IntExpr => ({ kind: 'note', type: t, operand })));
      wrappedForms.push(
        fc.tuple(boolArb, wrappedOf(t), wrappedOf(t)).map(([test, whenTrue, whenFalse]): IntExpr => ({
          kind: 'cond',
          type: t,
          test,
          whenTrue,
          whenFalse,
        })),
      );
      result[`w_${t}`] = fc.oneof(depth, ...wrappedForms);

      // Forms whose JavaScript value may leave t's range: only valid as a conversion's argument.
      const unwrappedForms: fc.Arbitrary<IntExpr>[] = [
        wrappedOf(t),
        bin(t, '+'),
        bin(t, '-'),
        shift(t, '<<'),
      ];
      if (bits < 32) unwrappedForms.push(bin(t, '*'));
      if (t === 'u32') {
        unwrappedForms.push(bin(t, '&'), bin(t, '|'), bin(t, '^'));
        unwrappedForms.push(
          call(t, 'mul', fc.tuple(wrappedOf('u32'), fc.oneof(wrappedOf('u32'), literal('u32')))),
        );
      }
      if (signed)
        unwrappedForms.push(wrappedOf(t).map((operand): IntExpr => ({ kind: 'neg', type: t, operand })));
      else unwrappedForms.push(wrappedOf(t).map((operand): IntExpr => ({ kind: 'not', type: t, operand })));
      if (signed && bits < 32) unwrappedForms.push(call(t, 'div', pair(t)));
      result[`u_${t}`] = fc.oneof(depth, ...unwrappedForms);
    }
    // A literal at the edge of the compared type (including 0 for unsigned) makes some comparisons
    // constant, which gcc reports under -Wtype-limits (-Wextra): see COMPARISON_WARNING_NOTE.
    const extremeLiteral = (e: IntExpr, t: IntType): boolean =>
      e.kind === 'lit' && (e.value === INT_RANGE[t].min || e.value === INT_RANGE[t].max);
    const comparison = fc
      .tuple(
        fc.constantFrom(...INT_TYPES),
        fc.constantFrom<CompareOperator>('<', '<=', '>', '>=', '===', '!=='),
      )
      .chain(([t, op]) =>
        pair(t)
          .filter(([left, right]) => !extremeLiteral(left, t) && !extremeLiteral(right, t))
          // `v === 1 && v === 2` would make TypeScript narrow `v` to the literal type 1 and report the
          // second comparison (TS2367): no equality between a bare variable and a literal.
          .filter(
            ([left, right]) =>
              !(
                (op === '===' || op === '!==') &&
                (left.kind === 'lit' || right.kind === 'lit') &&
                (left.kind === 'var' || right.kind === 'var')
              ),
          )
          .map(([left, right]): BoolExpr => ({ kind: 'cmp', op, left, right })),
      );
    for (const f of FLOAT_TYPES) {
      const floatForms: fc.Arbitrary<FloatExpr>[] = [
        fc.nat(7).map((pick): FloatExpr => ({ kind: 'fvar', type: f, pick })),
        fc
          .tuple(
            fc.constantFrom<'+' | '-' | '*' | '/'>('+', '-', '*', '/'),
            floatOf(f),
            fc.oneof(
              floatOf(f),
              floatBoundaryValue(f).map((value): FloatExpr => ({ kind: 'flit', type: f, value })),
            ),
          )
          .chain(([op, a, b]) =>
            fc.tuple(fc.boolean(), fc.boolean()).map(([swap, chained]): FloatExpr => ({
              kind: 'fbin',
              type: f,
              op,
              left: swap ? b : a,
              right: swap ? a : b,
              chained,
            })),
          ),
        floatOf(f).map((operand): FloatExpr => ({ kind: 'fneg', type: f, operand })),
        floatOf(f === 'f32' ? 'f64' : 'f32').map((operand): FloatExpr => ({
          kind: 'fwiden',
          type: f,
          operand,
        })),
        fc
          .constantFrom(...INT_TYPES)
          .chain((s) => (options.permissive ? fc.oneof(wrappedOf(s), unwrappedOf(s)) : wrappedOf(s)))
          .map((operand): FloatExpr => ({ kind: 'fromint', type: f, operand })),
        fc.tuple(boolArb, floatOf(f), floatOf(f)).map(([test, whenTrue, whenFalse]): FloatExpr => ({
          kind: 'fcond',
          type: f,
          test,
          whenTrue,
          whenFalse,
        })),
      ];
      if (f === 'f64') {
        floatForms.push(
          fc
            .tuple(fc.constantFrom<'sqrt' | 'abs'>('sqrt', 'abs'), floatOf('f64'))
            .map(([fn, operand]): FloatExpr => ({ kind: 'math', type: 'f64', fn, operand })),
        );
      }
      result[`f_${f}`] = fc.oneof(depth, ...floatForms);
    }
    const floatComparison = fc
      .tuple(
        fc.constantFrom(...FLOAT_TYPES),
        fc.constantFrom<CompareOperator>('<', '<=', '>', '>=', '===', '!=='),
      )
      .chain(([f, op]) =>
        fc
          .tuple(floatOf(f), floatOf(f))
          .map(([left, right]): BoolExpr => ({ kind: 'fcmp', op, left, right })),
      );
    result['bool'] = fc.oneof(
      depth,
      comparison,
      ...(options.floats ? [floatComparison] : []),
      boolArb.map((operand): BoolExpr => ({ kind: 'lnot', operand })),
      fc.tuple(boolArb, boolArb).map(([left, right]): BoolExpr => ({ kind: 'and', left, right })),
      fc.tuple(boolArb, boolArb).map(([left, right]): BoolExpr => ({ kind: 'or', left, right })),
    );
    return result;
  });
  const wrapped = Object.fromEntries(
    INT_TYPES.map((t) => [t, built[`w_${t}`] as fc.Arbitrary<IntExpr>]),
  ) as Record<IntType, fc.Arbitrary<IntExpr>>;
  // Top-level cases are compound: a bare variable tests nothing.
  const anyWrapped = fc.oneof(...INT_TYPES.map((t) => wrapped[t].filter((e) => e.kind !== 'var')));
  const float = Object.fromEntries(
    FLOAT_TYPES.map((f) => [f, built[`f_${f}`] as fc.Arbitrary<FloatExpr>]),
  ) as Record<FloatType, fc.Arbitrary<FloatExpr>>;
  const anyFloat = fc.oneof(...FLOAT_TYPES.map((f) => float[f].filter((e) => e.kind !== 'fvar')));
  return { wrapped, float, bool: built['bool'] as fc.Arbitrary<BoolExpr>, anyWrapped, anyFloat };
}

/** Size of an expression tree (for reports). */
export function intExprSize(e: IntExpr): number {
  switch (e.kind) {
    case 'var':
    case 'lit':
      return 1;
    case 'neg':
    case 'not':
    case 'conv':
    case 'note':
      return 1 + intExprSize(e.operand);
    case 'bin':
    case 'call':
      return 1 + intExprSize(e.left) + intExprSize(e.right);
    case 'cond':
      return 1 + intExprSize(e.whenTrue) + intExprSize(e.whenFalse);
    case 'fconv':
      return 2;
  }
}
