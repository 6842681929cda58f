// The "expression" case kind: one random wrapped integer (or float) expression of a random type per case,
// rendered as `function caseN(): T { return <expr>; }` reading the batch's input variables.
import fc from 'fast-check';
import { INPUT_NAMES } from './batch.ts';
import type { CaseKind } from './runner.ts';
import { floatsFromEnvironment, renderFloat, renderInt, sideEffectsFromEnvironment, subsetArbitraries, type FloatExpr, type IntExpr } from './subset-generators.ts';

/** A case: an integer expression, or (with floats on) a float expression. */
export type ExpressionCase = { int: IntExpr } | { float: FloatExpr };

export function expressionCaseKind(maxDepth: number): CaseKind<ExpressionCase> {
  const floats = floatsFromEnvironment();
  const arbs = subsetArbitraries({ maxDepth, sideEffects: sideEffectsFromEnvironment(), floats });
  const intCase = arbs.anyWrapped.map((int): ExpressionCase => ({ int }));
  const floatCase = arbs.anyFloat.map((float): ExpressionCase => ({ float }));
  const arbitrary: fc.Arbitrary<ExpressionCase> = floats ? fc.oneof({ weight: 4, arbitrary: intCase }, { weight: 1, arbitrary: floatCase }) : intCase;
  return {
    name: 'expressions',
    arbitrary,
    render: (c) =>
      'int' in c
        ? { body: [`return ${renderInt(c.int, INPUT_NAMES)};`], resultType: c.int.type }
        : { body: [`return ${renderFloat(c.float, INPUT_NAMES)};`], resultType: c.float.type },
  };
}
