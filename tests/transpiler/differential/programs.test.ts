// Property-based differential test: small random programs (typed locals, assignments, compound
// assignments, if/else, bounded for/while/do-while loops with guarded break/continue) run in Node and as
// transpiled host C must print the same final values of their locals. Seed: BH_DIFF_SEED (default
// fixed); count: BH_DIFF_PROGRAMS. A disagreement is shrunk by fast-check and the smallest program printed.
import assert from 'node:assert/strict';
import { programCaseKind } from './program-cases.ts';
import { countFromEnvironment, describeFailure, runDifferential, seedFromEnvironment } from './runner.ts';

const DEFAULT_SEED = 1123;
const CASES_PER_BATCH = 300;

describe('differential: random small programs, Node vs transpiled C', function () {
  this.timeout(600_000);
  const seed = seedFromEnvironment(DEFAULT_SEED);
  const total = countFromEnvironment('BH_DIFF_PROGRAMS', 300);
  const batches = Math.max(1, Math.ceil(total / CASES_PER_BATCH));

  it(`${batches * CASES_PER_BATCH} programs over 3 input vectors agree (seed ${seed})`, async function () {
    const report = await runDifferential(programCaseKind(3), {
      seed,
      batches,
      casesPerBatch: CASES_PER_BATCH,
      vectors: 3,
      maxShrunk: 1,
    });
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
});
