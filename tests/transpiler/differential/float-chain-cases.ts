// The "float chain" case kind: one random f32 or f64 arithmetic chain per case (`+ - * /` over the
// batch's float inputs and full-precision literals), where f32 operations are rounded either at once
// (`f32(a * b)`) or only at an outer `f32()` (`f32(a * b + c)`: JavaScript computes in double and rounds
// once). Boundary inputs rarely expose a wrong rounding point; these operands have full mantissas.
import fc from 'fast-check';
import { INPUT_NAMES } from './batch.ts';
import type { CaseKind } from './runner.ts';
import { renderFloat, type FloatExpr, type FloatType } from './subset-generators.ts';

/** A literal with a full single-precision mantissa (or a small exact value), never NaN or infinite. */
function fullMantissa(type: FloatType): fc.Arbitrary<number> {
  const single = fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
  const small = fc.constantFrom(0.5, 1, 2, 3, 10, 0.1);
  const value =
    type === 'f32'
      ? fc.oneof(single, small.map(Math.fround))
      : fc.oneof(single, small, fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }));
  return value.filter((v) => !Object.is(v, -0));
}

function chain(type: FloatType, depth: number): fc.Arbitrary<FloatExpr> {
  const variable = fc.nat(1).map((pick): FloatExpr => ({ kind: 'fvar', type, pick }));
  const literal = fullMantissa(type).map((value): FloatExpr => ({ kind: 'flit', type, value }));
  const leaf = fc.oneof({ weight: 2, arbitrary: variable }, { weight: 1, arbitrary: literal });
  if (depth === 0) return leaf;
  const node = fc
    .tuple(
      fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const),
      chain(type, depth - 1),
      chain(type, depth - 1),
      fc.boolean(),
    )
    .map(([op, left, right, chained]): FloatExpr => ({ kind: 'fbin', type, op, left, right, chained }));
  return fc.oneof({ weight: 1, arbitrary: leaf }, { weight: 3, arbitrary: node });
}

export function floatChainCaseKind(maxDepth: number): CaseKind<FloatExpr> {
  return {
    name: 'float-chains',
    arbitrary: fc.constantFrom<FloatType>('f32', 'f64').chain((type) => chain(type, maxDepth)),
    render: (e) => ({
      body: [
        `return ${e.type === 'f32' && e.kind !== 'fbin' ? `f32(${renderFloat(e, INPUT_NAMES)})` : renderFloat(e, INPUT_NAMES)};`,
      ],
      resultType: e.type,
    }),
  };
}
