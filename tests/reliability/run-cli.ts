// Runs the `bulkhead` command for the corpus tests: many command lines in one child process
// (`cli-batch.ts`, through the CLI's own `main`), or one command line as its own process through the
// installed executable `cli/bin/bulkhead.mjs`, exactly as a user runs it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliBatchResult } from './cli-batch.ts';

export type { CliBatchResult } from './cli-batch.ts';

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const batchScript = join(repositoryRoot, 'tests', 'reliability', 'cli-batch.ts');
const executable = join(repositoryRoot, 'cli', 'bin', 'bulkhead.mjs');

/** Runs every argv of `jobs` (in order) in one child process; throws naming the child's failure. */
export function runCliBatch(jobs: readonly (readonly string[])[]): CliBatchResult[] {
  const scratch = mkdtempSync(join(tmpdir(), 'bulkhead-cli-batch-'));
  try {
    const jobsFile = join(scratch, 'jobs.json');
    const resultsFile = join(scratch, 'results.json');
    writeFileSync(jobsFile, JSON.stringify(jobs));
    const child = spawnSync(process.execPath, ['--import', 'tsx', batchScript, jobsFile, resultsFile], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (child.status !== 0)
      throw new Error(`cli-batch exited ${child.status ?? child.signal}:\n${child.stderr}${child.stdout}`);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as CliBatchResult[];
    if (results.length !== jobs.length)
      throw new Error(`cli-batch ran ${results.length} of ${jobs.length} command lines`);
    return results;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** What one `bulkhead` process did. */
export interface CliProcessResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `bulkhead <argv>` as its own process (the executable, not the library). */
export function runCliProcess(argv: readonly string[]): Promise<CliProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [executable, ...argv], { cwd: repositoryRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolvePromise({ exitCode, stdout, stderr });
    });
  });
}
