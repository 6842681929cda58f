// Asynchronous child processes for the tests that run many compilers, checkers or CLI runs: a runner
// that never blocks the event loop (so that independent runs overlap and fill the machine's cores), a
// small concurrency limiter, and the number of cores to fill.
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Processes worth running at once: one per core the process may use. */
export const PARALLELISM = Math.max(1, availableParallelism());

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion; never rejects for a non-zero exit (the code is in the result). */
export function runProcess(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          if (error.killed) {
            resolvePromise({
              code: -1,
              stdout,
              stderr: `${stderr}\n${command} killed (timeout or signal ${error.signal ?? '?'})`,
            });
            return;
          }
          reject(new Error(`cannot run ${command}: ${error.message}`));
          return;
        }
        resolvePromise({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}

/** Returns a function that runs async jobs with at most `limit` in flight. */
export function createLimiter(limit: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((wake) => waiting.push(wake));
    active++;
    try {
      return await job();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
