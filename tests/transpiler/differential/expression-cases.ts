// The "expression" case kind: one random wrapped integer (or float) expression of a random type per case,
// rendered as `function caseN(): T { return <expr>; }` reading the batch's input variables.
import fc from 'fast-check';
import { INPUT_NAMES } from './batch.ts';
import type { CaseKind } from './runner.ts';
import {
  floatsFromEnvironment,
  renderFloat,
  renderInt,
  sideEffectsFromEnvironment,
  subsetArbitraries,
  type FloatExpr,
  type IntExpr,
} from './subset-generators.ts';

/** A case: an integer expression, or (with floats on) a float expression; `permissive` cases come from
 *  the generator that also tries forms the transpiler may reject. */
export type ExpressionCase = ({ int: IntExpr } | { float: FloatExpr }) & { permissive: boolean };

/** `tier`: 'strict' (only forms the subset reference allows; any rejection is a failure), 'permissive'
 *  (forms the range analysis may accept; rejections are skipped) or 'mixed' (one in four permissive). */
export function expressionCaseKind(
  maxDepth: number,
  tier: 'strict' | 'permissive' | 'mixed' = 'mixed',
): CaseKind<ExpressionCase> {
  const floats = floatsFromEnvironment();
  const sideEffects = sideEffectsFromEnvironment();
  const strict = subsetArbitraries({ maxDepth, sideEffects, floats, permissive: false });
  const permissive = subsetArbitraries({ maxDepth, sideEffects, floats, permissive: true });
  const cases = (arbs: typeof strict, isPermissive: boolean): fc.Arbitrary<ExpressionCase> => {
    const intCase = arbs.anyWrapped.map((int): ExpressionCase => ({ int, permissive: isPermissive }));
    const floatCase = arbs.anyFloat.map((float): ExpressionCase => ({ float, permissive: isPermissive }));
    return floats
      ? fc.oneof({ weight: 4, arbitrary: intCase }, { weight: 1, arbitrary: floatCase })
      : intCase;
  };
  const arbitrary = fc.oneof(
    { weight: 3, arbitrary: cases(strict, false) },
    { weight: 1, arbitrary: cases(permissive, true) },
  );
  return {
    name: `expressions-${tier}`,
    arbitrary,
    render: (c) =>
      'int' in c
        ? {
            body: [`return ${renderInt(c.int, INPUT_NAMES)};`],
            resultType: c.int.type,
            permissive: c.permissive,
          }
        : {
            body: [`return ${renderFloat(c.float, INPUT_NAMES)};`],
            resultType: c.float.type,
            permissive: c.permissive,
          },
  };
}
