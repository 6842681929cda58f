// Property-based differential test: random classes with integer fields, static objects, static arrays
// of objects (`new` literals and `arrayOf`), a holder class embedding an object, pointing at static
// objects and holding an inline array of objects; the case writes fields through every path, calls a
// method and a function taking the class, and prints every field. Node and the transpiled host C must
// print the same bytes, and every generated program must be accepted and compile. Seed: BH_DIFF_SEED
// (default fixed); count: BH_DIFF_OBJECTS.
import assert from 'node:assert/strict';
import { objectCaseKind } from './object-cases.ts';
import { countFromEnvironment, describeFailure, runDifferential, seedFromEnvironment } from './runner.ts';

const DEFAULT_SEED = 20261207;
const CASES_PER_BATCH = 60;

describe('differential: random static objects and arrays of objects, Node vs transpiled C', function () {
  this.timeout(600_000);
  const seed = seedFromEnvironment(DEFAULT_SEED);
  const total = countFromEnvironment('BH_DIFF_OBJECTS', 120);
  const batches = Math.max(1, Math.ceil(total / CASES_PER_BATCH));

  it(`${batches * CASES_PER_BATCH} object cases over 2 input vectors agree (seed ${seed})`, async function () {
    const report = await runDifferential(objectCaseKind(2), {
      seed,
      batches,
      casesPerBatch: CASES_PER_BATCH,
      vectors: 2,
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
