// The "expression" case kind: one random wrapped integer expression of a random type per case, rendered
// as `function caseN(): T { return <expr>; }` reading the batch's input variables.
import type fc from 'fast-check';
import { INPUT_NAMES } from './batch.ts';
import type { CaseKind } from './runner.ts';
import { renderInt, sideEffectsFromEnvironment, subsetArbitraries, type IntExpr } from './subset-generators.ts';

export function expressionCaseKind(maxDepth: number): CaseKind<IntExpr> {
  const arbitrary: fc.Arbitrary<IntExpr> = subsetArbitraries({ maxDepth, sideEffects: sideEffectsFromEnvironment() }).anyWrapped;
  return {
    name: 'expressions',
    arbitrary,
    render: (expr) => ({ body: [`return ${renderInt(expr, INPUT_NAMES)};`], resultType: expr.type }),
  };
}
