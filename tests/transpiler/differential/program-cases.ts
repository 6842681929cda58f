// The "program" case kind: small random function bodies: typed local declarations, assignments and
// compound assignments, if/else, for loops with constant trip counts, while and do-while loops with a
// counter, guarded break/continue, all over random wrapped expressions. Each case prints its top-level
// locals at the end (`c<N>.<local>=<value>`), so every statement's effect is observable.
import fc from 'fast-check';
import { INPUT_NAMES } from './batch.ts';
import type { CaseKind } from './runner.ts';
import {
  FLOAT_TYPES,
  INT_RANGE,
  INT_TYPES,
  renderBool,
  floatsFromEnvironment,
  renderInt,
  sideEffectsFromEnvironment,
  subsetArbitraries,
  type BoolExpr,
  type IntExpr,
  type IntType,
  type NumericType,
} from './subset-generators.ts';

export type Statement =
  | { kind: 'assign'; type: IntType; pick: number; value: IntExpr }
  | { kind: 'compound'; type: IntType; pick: number; op: '&=' | '|=' | '^=' | 'shift='; value: IntExpr }
  | { kind: 'if'; test: BoolExpr; then: Statement[]; otherwise: Statement[] }
  | { kind: 'for'; trips: number; body: Statement[] }
  | { kind: 'while' | 'do'; trips: number; body: Statement[] }
  | { kind: 'exit'; which: 'break' | 'continue'; test: BoolExpr };

export interface ProgramCase {
  locals: { type: IntType; init: IntExpr }[];
  statements: Statement[];
}

export function programCaseKind(maxExpressionDepth: number): CaseKind<ProgramCase> {
  const arbs = subsetArbitraries({
    maxDepth: maxExpressionDepth,
    sideEffects: sideEffectsFromEnvironment(),
    floats: floatsFromEnvironment(),
    permissive: false,
  });
  const intType = fc.constantFrom(...INT_TYPES);
  const assignment = intType.chain((type) =>
    fc
      .tuple(fc.nat(7), arbs.wrapped[type])
      .map(([pick, value]): Statement => ({ kind: 'assign', type, pick, value })),
  );
  const compound = intType.chain((type) => {
    const ops: ('&=' | '|=' | '^=' | 'shift=')[] = type === 'u32' ? ['shift='] : ['&=', '|=', '^=', 'shift='];
    const count: fc.Arbitrary<IntExpr> = fc.oneof(
      fc.integer({ min: 0, max: 40 }).map((value): IntExpr => ({ kind: 'lit', type: 'u32', value })),
      arbs.wrapped['u8'],
    );
    return fc
      .constantFrom(...ops)
      .chain((op) =>
        fc
          .tuple(fc.nat(7), op === 'shift=' ? count : arbs.wrapped[type])
          .map(([pick, value]): Statement => ({ kind: 'compound', type, pick, op, value })),
      );
  });
  const statements = fc.letrec<{ statement: Statement; block: Statement[] }>((tie) => ({
    statement: fc.oneof(
      { maxDepth: 3, depthSize: 'small', depthIdentifier: 'statement' },
      { weight: 4, arbitrary: assignment },
      { weight: 2, arbitrary: compound },
      fc
        .tuple(arbs.bool, tie('block'), tie('block'))
        .map(([test, then, otherwise]): Statement => ({ kind: 'if', test, then, otherwise })),
      fc
        .tuple(fc.integer({ min: 0, max: 4 }), tie('block'))
        .map(([trips, body]): Statement => ({ kind: 'for', trips, body })),
      fc
        .tuple(fc.constantFrom<'while' | 'do'>('while', 'do'), fc.integer({ min: 0, max: 3 }), tie('block'))
        .map(([kind, trips, body]): Statement => ({ kind, trips, body })),
      fc
        .tuple(fc.constantFrom<'break' | 'continue'>('break', 'continue'), arbs.bool)
        .map(([which, test]): Statement => ({ kind: 'exit', which, test })),
    ),
    block: fc.array(tie('statement'), { maxLength: 3, depthIdentifier: 'statement' }),
  }));
  const local = intType.chain((type) => arbs.wrapped[type].map((init) => ({ type, init })));
  const arbitrary = fc.record({
    locals: fc.array(local, { minLength: 1, maxLength: 4 }),
    statements: fc.array(statements.statement, { minLength: 1, maxLength: 5 }),
  });
  return { name: 'programs', arbitrary, render: (p) => renderProgram(p) };
}

function renderProgram(program: ProgramCase): { body: string[]; resultType: undefined } {
  const lines: string[] = [];
  const readable: Record<NumericType, string[]> = Object.fromEntries(
    [...INT_TYPES, ...FLOAT_TYPES].map((t) => [t, [...INPUT_NAMES[t]]]),
  ) as unknown as Record<NumericType, string[]>;
  const assignable: Record<IntType, string[]> = Object.fromEntries(
    INT_TYPES.map((t) => [t, [] as string[]]),
  ) as unknown as Record<IntType, string[]>;
  const declared: { name: string; type: IntType }[] = [];
  program.locals.forEach((l, i) => {
    const name = `v${i}`;
    lines.push(`let ${name}: ${l.type} = ${renderInt(l.init, readable)};`);
    readable[l.type].push(name);
    assignable[l.type].push(name);
    declared.push({ name, type: l.type });
  });
  let counters = 0;
  const render = (
    statements: Statement[],
    indent: string,
    inLoop: boolean,
    scope: Record<NumericType, string[]>,
  ): void => {
    for (const s of statements) {
      switch (s.kind) {
        case 'assign':
        case 'compound': {
          const targets = assignable[s.type];
          if (targets.length === 0) break;
          const target = targets[s.pick % targets.length];
          if (s.kind === 'assign') {
            lines.push(`${indent}${target} = ${renderInt(s.value, scope)};`);
          } else {
            const op = s.op !== 'shift=' ? s.op : INT_RANGE[s.type].signed ? '>>=' : '>>>=';
            lines.push(`${indent}${target} ${op} ${renderInt(s.value, scope)};`);
          }
          break;
        }
        case 'if':
          lines.push(`${indent}if (${renderBool(s.test, scope)}) {`);
          render(s.then, `${indent}  `, inLoop, scope);
          if (s.otherwise.length > 0) {
            lines.push(`${indent}} else {`);
            render(s.otherwise, `${indent}  `, inLoop, scope);
          }
          lines.push(`${indent}}`);
          break;
        case 'for': {
          const counter = `i${counters++}`;
          lines.push(`${indent}for (let ${counter}: u32 = 0; ${counter} < ${s.trips}; ${counter}++) {`);
          const inner = { ...scope, u32: [...scope.u32, counter] };
          render(s.body, `${indent}  `, true, inner);
          lines.push(`${indent}}`);
          break;
        }
        case 'while':
        case 'do': {
          // The counter advances first, so a `continue` in the body cannot skip it.
          const counter = `w${counters++}`;
          lines.push(`${indent}let ${counter}: u32 = 0;`);
          lines.push(s.kind === 'while' ? `${indent}while (${counter} < ${s.trips}) {` : `${indent}do {`);
          lines.push(`${indent}  ${counter} = u32(${counter} + 1);`);
          const inner = { ...scope, u32: [...scope.u32, counter] };
          render(s.body, `${indent}  `, true, inner);
          lines.push(s.kind === 'while' ? `${indent}}` : `${indent}} while (${counter} < ${s.trips});`);
          break;
        }
        case 'exit':
          if (!inLoop) break;
          lines.push(`${indent}if (${renderBool(s.test, scope)}) {`, `${indent}  ${s.which};`, `${indent}}`);
          break;
      }
    }
  };
  render(program.statements, '', false, readable);
  for (const d of declared) {
    const print = INT_RANGE[d.type].signed ? 'printI32' : 'printU32';
    lines.push(`${print}("c#.${d.name}", ${d.name});`);
  }
  return { body: lines, resultType: undefined };
}
