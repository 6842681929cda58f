// Job: run the `bulkhead` CLI (cli/main.ts through tsx) as a real child process from the repository
// root, as a user would, and collect its exit code and output; for the tests of the commands themselves.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { repoRoot } from '../../cli/build/paths.ts';

export interface CliAnswer {
  /** Exit code (null when a signal ended the process). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bulkhead ...args` to its end; `env` is added to this process's environment. */
export function runBulkhead(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliAnswer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'cli', 'main.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}
