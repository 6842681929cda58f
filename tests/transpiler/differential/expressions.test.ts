// Property-based differential test: thousands of random well-typed integer and float expressions (all
// operators, all numeric types, boundary literals, conversions where the wrapping rule requires them,
// operands with side effects) evaluated in Node and in transpiled host C must print the same values; a
// smaller permissive set probes forms the range analysis may accept. Seed: BH_DIFF_SEED (default fixed); count:
// BH_DIFF_EXPRESSIONS. A disagreement is shrunk by fast-check and the smallest case is printed. The three
// runs start together when the suite starts (their batches share the runner's per-core limit, so that one
// batch transpiles while another compiles); each test awaits and checks its own report.
import assert from 'node:assert/strict';
import { expressionCaseKind } from './expression-cases.ts';
import { floatChainCaseKind } from './float-chain-cases.ts';
import {
  countFromEnvironment,
  describeFailure,
  type DifferentialReport,
  runDifferential,
  seedFromEnvironment,
} from './runner.ts';

const DEFAULT_SEED = 20261123;
const CASES_PER_BATCH = 1000;

describe('differential: random integer and float expressions, Node vs transpiled C', function () {
  this.timeout(900_000);
  const seed = seedFromEnvironment(DEFAULT_SEED);
  const total = countFromEnvironment('BH_DIFF_EXPRESSIONS', 1000);
  const batches = Math.max(1, Math.ceil(total / CASES_PER_BATCH));
  const permissiveTotal = countFromEnvironment('BH_DIFF_PERMISSIVE_EXPRESSIONS', 400);
  const chainTotal = countFromEnvironment('BH_DIFF_FLOAT_CHAINS', 600);
  const reports = new Map<string, Promise<DifferentialReport>>();
  const reportOf = (name: string): Promise<DifferentialReport> => reports.get(name)!;

  before(function () {
    reports.set(
      'strict',
      runDifferential(expressionCaseKind(5, 'strict'), {
        seed,
        batches,
        casesPerBatch: CASES_PER_BATCH,
        vectors: 4,
        maxShrunk: 1,
      }),
    );
    reports.set(
      'permissive',
      runDifferential(expressionCaseKind(4, 'permissive'), {
        seed: seed + 1,
        batches: 1,
        casesPerBatch: permissiveTotal,
        vectors: 4,
        maxShrunk: 1,
      }),
    );
    reports.set(
      'chains',
      runDifferential(floatChainCaseKind(3), {
        seed: seed + 2,
        batches: 1,
        casesPerBatch: chainTotal,
        vectors: 6,
        maxShrunk: 1,
      }),
    );
    for (const run of reports.values()) run.catch(() => undefined); // reported by the tests
  });

  it(`${batches * CASES_PER_BATCH} expressions in the subset over 4 input vectors agree (seed ${seed})`, async function () {
    const report = await reportOf('strict');
    assert.deepEqual(report.batchErrors, [], `batches failed as a whole:\n${report.batchErrors.join('\n')}`);
    assert.equal(report.cases, batches * CASES_PER_BATCH);
    const details = report.failures.map(describeFailure).join('\n\n');
    const kinds = JSON.stringify(report.failuresByKind);
    assert.equal(
      report.failingCases,
      0,
      `${report.failingCases} case(s) disagree or were rejected (seed ${seed}, by kind ${kinds}):\n${details}`,
    );
  });

  it(`${permissiveTotal} expressions at the edge of the wrapping rule agree where the transpiler accepts them (seed ${seed})`, async function () {
    const report = await reportOf('permissive');
    assert.deepEqual(report.batchErrors, [], `batches failed as a whole:\n${report.batchErrors.join('\n')}`);
    assert.ok(
      report.accepted > permissiveTotal / 4,
      `only ${report.accepted} of ${permissiveTotal} cases were accepted: the test checks too little`,
    );
    const details = report.failures.map(describeFailure).join('\n\n');
    const kinds = JSON.stringify(report.failuresByKind);
    assert.equal(
      report.failingCases,
      0,
      `${report.failingCases} case(s) disagree (seed ${seed + 1}, by kind ${kinds}):\n${details}`,
    );
  });

  it(`${chainTotal} f32/f64 arithmetic chains with full-mantissa operands agree (seed ${seed})`, async function () {
    const report = await reportOf('chains');
    assert.deepEqual(report.batchErrors, [], `batches failed as a whole:\n${report.batchErrors.join('\n')}`);
    assert.equal(report.cases, chainTotal);
    const details = report.failures.map(describeFailure).join('\n\n');
    const kinds = JSON.stringify(report.failuresByKind);
    assert.equal(
      report.failingCases,
      0,
      `${report.failingCases} case(s) disagree or were rejected (seed ${seed + 2}, by kind ${kinds}):\n${details}`,
    );
  });
});
