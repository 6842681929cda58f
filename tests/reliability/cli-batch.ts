// Runs many `bulkhead` command lines in one process, through the same `main(argv)` entry the
// `bulkhead` executable (cli/bin/bulkhead.mjs) calls, and records for each its exit code and what it
// printed on stdout and stderr. The corpus tests use it so that a hundred bad inputs cost one Node
// start-up instead of a hundred. A command that throws instead of returning an exit code is recorded
// with its stack (the executable would exit 1 printing it).
// Usage: tsx tests/reliability/cli-batch.ts <jobs.json> <results.json>
//   jobs.json: string[][] (one argv per command line, without `bulkhead`)
//   results.json: CliBatchResult[] in the same order.
import { readFileSync, writeFileSync } from 'node:fs';
import { main } from '../../cli/main.ts';

export interface CliBatchResult {
  readonly argv: readonly string[];
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The stack of an exception `main` let escape, or null when it returned an exit code. */
  readonly uncaught: string | null;
}

type Write = typeof process.stdout.write;

/** Runs `argv` with stdout and stderr captured. */
async function runCaptured(argv: string[]): Promise<CliBatchResult> {
  let stdout = '';
  let stderr = '';
  // eslint-disable-next-line @typescript-eslint/unbound-method -- saved to be put back, never called
  const realOut = process.stdout.write;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- saved to be put back, never called
  const realErr = process.stderr.write;
  const capture =
    (append: (text: string) => void): Write =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    };
  process.stdout.write = capture((t) => (stdout += t));
  process.stderr.write = capture((t) => (stderr += t));
  try {
    const exitCode = await main(argv);
    return { argv, exitCode, stdout, stderr, uncaught: null };
  } catch (error) {
    const uncaught = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { argv, exitCode: 1, stdout, stderr, uncaught };
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
}

async function runBatch(jobsFile: string, resultsFile: string): Promise<void> {
  const jobs = JSON.parse(readFileSync(jobsFile, 'utf8')) as unknown;
  if (!Array.isArray(jobs) || !jobs.every((j) => Array.isArray(j) && j.every((a) => typeof a === 'string')))
    throw new Error(`${jobsFile}: expected a JSON list of argument lists`);
  const results: CliBatchResult[] = [];
  for (const argv of jobs) results.push(await runCaptured(argv));
  writeFileSync(resultsFile, JSON.stringify(results, null, 1));
}

const [jobsFile, resultsFile] = process.argv.slice(2);
if (jobsFile === undefined || resultsFile === undefined) {
  console.error('usage: tsx tests/reliability/cli-batch.ts <jobs.json> <results.json>');
  process.exit(2);
}
await runBatch(jobsFile, resultsFile);
