// Drives the property-based differential tests: samples cases with fast-check from a fixed seed (or
// BH_DIFF_SEED), evaluates them in batches (one TS module and one C program per batch), and for the
// first disagreeing case of a batch replays the same fast-check run as a property whose verdicts come
// from the batch results, so that fast-check shrinks the case (only unseen shrink candidates are
// evaluated, one small program each). Reports the smallest case with its Node and C output.
import fc from 'fast-check';
import {
  evaluateBatch,
  finishDifferentialRun,
  limitBatch as limit,
  startDifferentialRun,
  failureKind,
  type FailureKind,
  INPUT_NAMES,
  type CaseVerdict,
  type InputVector,
  type RenderedCase,
} from './batch.ts';
import { boundaryValue, FLOAT_TYPES, floatBoundaryValue, INT_TYPES } from './subset-generators.ts';

/** A kind of generated case: its arbitrary and how it renders to a function. */
export interface CaseKind<T> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  render: (value: T) => RenderedCase;
}

export interface DifferentialOptions {
  seed: number;
  /** Number of batches; each batch has its own case seed. */
  batches: number;
  casesPerBatch: number;
  /** Input vectors per batch (each case runs once per vector). */
  vectors: number;
  /** Shrink at most this many failing batches (shrinking costs one compile per candidate). */
  maxShrunk: number;
  log?: (line: string) => void;
}

export interface DifferentialFailure {
  batch: number;
  seed: number;
  /** Smallest failing case (TS function) after shrinking, with its verdict. */
  smallest: CaseVerdict;
  original: CaseVerdict;
  inputs: InputVector[];
  shrinkSteps: number;
}

export interface DifferentialReport {
  cases: number;
  accepted: number;
  failures: DifferentialFailure[];
  /** Batches whose failure had no single-case cause (build error, diagnostics outside cases). */
  batchErrors: string[];
  /** Failing cases counted over all batches (before shrinking). */
  failingCases: number;
  /** Failing cases by kind. */
  failuresByKind: Record<FailureKind, number>;
  milliseconds: number;
}

/** Seed from BH_DIFF_SEED (decimal) or the default. */
export function seedFromEnvironment(defaultSeed: number): number {
  const text = process.env['BH_DIFF_SEED'];
  if (text === undefined || text === '') return defaultSeed;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`BH_DIFF_SEED must be an integer, got '${text}'`);
  return seed;
}

/** Positive integer from an environment variable, or the default. */
export function countFromEnvironment(name: string, defaultValue: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return defaultValue;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got '${text}'`);
  return value;
}

const inputVectorArbitrary: fc.Arbitrary<InputVector> = fc.record(
  Object.fromEntries([
    ...INT_TYPES.flatMap((t) => INPUT_NAMES[t].map((name) => [name, boundaryValue(t)])),
    ...FLOAT_TYPES.flatMap((t) => INPUT_NAMES[t].map((name) => [name, floatBoundaryValue(t)])),
  ]) as Record<string, fc.Arbitrary<number>>,
);

/** Time budget of one shrink (the best case found so far is reported when it runs out). */
const SHRINK_TIME_LIMIT_MS = 90_000;

function batchSeed(seed: number, batch: number): number {
  return (seed + Math.imul(batch, 0x9e3779b1)) | 0;
}

/** A verdict is a failure when the sides disagree or a generated (valid) case was rejected. */
function failed(v: CaseVerdict): boolean {
  return failureKind(v) !== 'none';
}

/** Shrinking order: a value mismatch is the most serious finding, then a crash, then rejections. */
const FAILURE_PRIORITY: FailureKind[] = ['mismatch', 'run', 'gcc', 'transpiler'];

export function describeVerdict(v: CaseVerdict): string {
  if (v.rejected !== undefined) return `rejected (${v.rejectedBy ?? 'transpiler'}):\n${v.rejected}`;
  // One line per printed value (each input vector prints the case's values in turn).
  const lines: string[] = [];
  const count = Math.max(v.node.length, v.c.length);
  for (let i = 0; i < count; i++) {
    const node = v.node[i] ?? '(missing)';
    const c = v.c[i] ?? '(missing)';
    lines.push(`${node === c ? '  ' : '≠ '}Node ${node}   C (${v.profile}) ${c}`);
  }
  return lines.join('\n');
}

export function describeFailure(f: DifferentialFailure): string {
  const inputs = f.inputs
    .map(
      (v, i) =>
        `  vector ${i}: ${Object.entries(v)
          .map(([k, x]) => `${k}=${x}`)
          .join(' ')}`,
    )
    .join('\n');
  return (
    `batch ${f.batch} (case seed ${f.seed}); smallest case after ${f.shrinkSteps} shrink step(s):\n${f.smallest.source}\n` +
    `${describeVerdict(f.smallest)}\ninputs:\n${inputs}\noriginal case:\n${f.original.source}\n${describeVerdict(f.original)}`
  );
}

/** Runs `options.batches` batches of `kind` and shrinks failures. */
export async function runDifferential<T>(
  kind: CaseKind<T>,
  options: DifferentialOptions,
): Promise<DifferentialReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  startDifferentialRun();
  const report: DifferentialReport = {
    cases: 0,
    accepted: 0,
    failures: [],
    batchErrors: [],
    failingCases: 0,
    failuresByKind: { none: 0, mismatch: 0, transpiler: 0, gcc: 0, run: 0 },
    milliseconds: 0,
  };
  let shrunk = 0;
  const jobs: Promise<void>[] = [];
  for (let batch = 0; batch < options.batches; batch++) {
    jobs.push(
      limit(async () => {
        const seed = batchSeed(options.seed, batch);
        const values = fc.sample(kind.arbitrary, { seed, numRuns: options.casesPerBatch });
        const inputs = fc.sample(inputVectorArbitrary, { seed: seed ^ 0x5a5a5a5a, numRuns: options.vectors });
        const rendered = values.map((v) => kind.render(v));
        const result = await evaluateBatch(`${kind.name}-b${batch}`, rendered, inputs);
        report.cases += values.length;
        if (result.batchError !== undefined) {
          report.batchErrors.push(`batch ${batch} (case seed ${seed}): ${result.batchError}`);
          return;
        }
        report.accepted += result.verdicts.filter((v) => v.rejected === undefined).length;
        const failing = result.verdicts.filter(failed);
        report.failingCases += failing.length;
        for (const v of failing) report.failuresByKind[failureKind(v)]++;
        log(`${kind.name} batch ${batch}: ${values.length} cases, ${failing.length} failing`);
        if (failing.length === 0 || shrunk >= options.maxShrunk) return;
        shrunk++;
        report.failures.push(
          await shrinkFailure(
            kind,
            seed,
            options.casesPerBatch,
            rendered,
            result.verdicts,
            inputs,
            batch,
            log,
          ),
        );
      }),
    );
  }
  await Promise.all(jobs);
  report.milliseconds = Date.now() - started;
  finishDifferentialRun(report.failingCases > 0 || report.batchErrors.length > 0);
  return report;
}

/** Replays the batch's fast-check run as a property (cached verdicts) so that fast-check shrinks the
 *  first failing case; candidates not seen before are evaluated one per small program. */
async function shrinkFailure<T>(
  kind: CaseKind<T>,
  seed: number,
  numRuns: number,
  rendered: RenderedCase[],
  verdicts: CaseVerdict[],
  inputs: InputVector[],
  batch: number,
  log: (line: string) => void,
): Promise<DifferentialFailure> {
  const cache = new Map<string, CaseVerdict>();
  rendered.forEach((r, i) => cache.set(JSON.stringify(r), verdicts[i]));
  const targetKind = FAILURE_PRIORITY.find((k) => verdicts.some((v) => failureKind(v) === k))!;
  const original = verdicts.find((v) => failureKind(v) === targetKind)!;
  // A candidate counts as failing only with the same kind of failure, so that shrinking a wrong value
  // cannot drift into an unrelated rejection.
  const stillFails = (v: CaseVerdict): boolean => failureKind(v) === targetKind;
  let shrinkSteps = 0;
  // fast-check's last counterexample is not always the shortest text: keep the shortest failing one.
  let shortest: CaseVerdict = original;
  const evaluate = async (value: T): Promise<CaseVerdict> => {
    const r = kind.render(value);
    const key = JSON.stringify(r);
    const known = cache.get(key);
    if (known !== undefined) return known;
    const single = await evaluateBatch(`${kind.name}-shrink`, [r], inputs);
    const verdict = single.verdicts[0];
    if (single.batchError !== undefined && verdict.rejected === undefined) {
      verdict.rejected = single.batchError;
      verdict.rejectedBy = 'gcc';
    }
    cache.set(key, verdict);
    if (stillFails(verdict) && verdict.source.length < shortest.source.length) shortest = verdict;
    return verdict;
  };
  const details = await fc.check(
    fc.asyncProperty(kind.arbitrary, async (value) => !stillFails(await evaluate(value))),
    // Each new shrink candidate costs a transpile and a gcc run: bound the time spent.
    { seed, numRuns, endOnFailure: false, interruptAfterTimeLimit: SHRINK_TIME_LIMIT_MS },
  );
  shrinkSteps = details.numShrinks;
  if (details.counterexample === null) {
    log(`${kind.name} batch ${batch}: the replay did not reproduce the failure; reporting it unshrunk`);
    return { batch, seed, smallest: original, original, inputs, shrinkSteps: 0 };
  }
  const last = await evaluate(details.counterexample[0]);
  const smallest = last.source.length <= shortest.source.length ? last : shortest;
  log(`${kind.name} batch ${batch}: shrunk in ${shrinkSteps} step(s)`);
  return { batch, seed, smallest, original, inputs, shrinkSteps };
}
