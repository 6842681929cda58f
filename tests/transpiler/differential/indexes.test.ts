// Property-based differential test of array bounds: random small programs index arrays through
// parameters, fixed-length module arrays, fields, const-data rows, module variables, loops, guards,
// checkIndex, checkRange windows and byte-order loads (index-cases.ts). Each case runs guarded over
// several input vectors, so many of them fail a bounds check in Node; the transpiled C, under every
// build profile, must fail in exactly the same cases and vectors and print the same elements otherwise.
// A bounds check the transpiler leaves out without a proof for that array shows as a case where Node
// fails and C does not, or as an element Node could not read. Seed: BH_DIFF_SEED; counts:
// BH_DIFF_INDEXES, BH_DIFF_WINDOWS (checkRange windows alone); profiles: BH_DIFF_PROFILES.
import assert from 'node:assert/strict';
import {
  describeIndexFailure,
  indexCaseArbitrary,
  FORMERLY_UNSOUND_SHAPES,
  formerlyUnsoundArbitrary,
  runIndexDifferential,
  type IndexRunReport,
  windowCaseArbitrary,
} from './index-cases.ts';
import { countFromEnvironment, seedFromEnvironment } from './runner.ts';

const DEFAULT_SEED = 7321;
const CASES_PER_BATCH = 125;

function summary(report: IndexRunReport): string {
  const shapes = Object.entries(report.byShape)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([shape, s]) =>
        `${shape}: ${s.cases} cases, ${s.rejected} rejected, ${s.boundsFailed} failed bounds${s.failing > 0 ? `, ${s.failing} DISAGREE` : ''}`,
    )
    .join('; ');
  return `${report.cases} cases, ${report.accepted} accepted, ${report.rejected} rejected, ${report.nodeBoundsFailures} failed a bounds check in Node, ${report.milliseconds} ms (${shapes})`;
}

describe('differential: array indexes and bounds checks, Node vs transpiled C', function () {
  this.timeout(600_000);
  const seed = seedFromEnvironment(DEFAULT_SEED);
  const total = countFromEnvironment('BH_DIFF_INDEXES', 625);
  const batches = Math.max(1, Math.ceil(total / CASES_PER_BATCH));

  it(`${batches * CASES_PER_BATCH} index cases over 4 input vectors fail bounds checks exactly where Node does (seed ${seed})`, async function () {
    const report = await runIndexDifferential({
      seed,
      batches,
      casesPerBatch: CASES_PER_BATCH,
      vectors: 4,
      arbitrary: indexCaseArbitrary(false),
    });
    console.log(`      ${summary(report)}`);
    assert.deepEqual(report.batchErrors, [], `batches failed as a whole:\n${report.batchErrors.join('\n')}`);
    assert.equal(report.cases, batches * CASES_PER_BATCH);
    assert.equal(
      report.failingCases,
      0,
      `${report.failingCases} case(s) disagree or were rejected unexpectedly (seed ${seed}):\n${report.failures.map(describeIndexFailure).join('\n\n')}`,
    );
    // The test can fail only if cases are accepted and fail bounds checks.
    assert.ok(
      report.accepted >= report.cases * 0.6,
      `only ${report.accepted} of ${report.cases} cases were accepted`,
    );
    assert.ok(
      report.nodeBoundsFailures >= report.accepted * 0.25,
      `only ${report.nodeBoundsFailures} of ${report.accepted} accepted cases failed a bounds check in Node`,
    );
  });

  // checkRange windows alone, many of them starting at or past the array's end or with the count equal
  // to the start: GCC at -O2 relates such windows to the array's length and must still see that the
  // reads after a passed check stay inside it (no -Warray-bounds error under -Werror).
  const windowTotal = countFromEnvironment('BH_DIFF_WINDOWS', 125);
  const windowBatches = Math.max(1, Math.ceil(windowTotal / CASES_PER_BATCH));
  it(`${windowBatches * CASES_PER_BATCH} checkRange window cases build warning-free and fail exactly where Node does (seed ${seed + 2})`, async function () {
    const report = await runIndexDifferential({
      seed: seed + 2,
      batches: windowBatches,
      casesPerBatch: CASES_PER_BATCH,
      vectors: 4,
      arbitrary: windowCaseArbitrary(),
    });
    console.log(`      ${summary(report)}`);
    assert.deepEqual(report.batchErrors, [], `batches failed as a whole:\n${report.batchErrors.join('\n')}`);
    assert.equal(
      report.failingCases,
      0,
      `${report.failingCases} case(s) disagree or were rejected unexpectedly (seed ${seed + 2}):\n${report.failures.map(describeIndexFailure).join('\n\n')}`,
    );
    assert.ok(
      report.accepted >= report.cases * 0.4,
      `only ${report.accepted} of ${report.cases} cases were accepted`,
    );
  });

  // Shapes that once made the C program read or write past an array (or skip a failing check): each is
  // now refused with its own diagnostic or agrees with Node; see FORMERLY_UNSOUND_SHAPES.
  it(`formerly unsound shapes are refused or agree: ${FORMERLY_UNSOUND_SHAPES.join(', ')} (seed ${seed})`, async function () {
    const report = await runIndexDifferential({
      seed: seed + 1,
      batches: 1,
      casesPerBatch: 120,
      vectors: 4,
      arbitrary: formerlyUnsoundArbitrary(),
      maxDescribed: 8,
    });
    console.log(`      ${summary(report)}`);
    assert.deepEqual(report.batchErrors, [], `batches failed as a whole:\n${report.batchErrors.join('\n')}`);
    assert.equal(
      report.failingCases,
      0,
      `${report.failingCases} case(s) disagree (seed ${seed + 1}):\n${report.failures.map(describeIndexFailure).join('\n\n')}`,
    );
  });
});
