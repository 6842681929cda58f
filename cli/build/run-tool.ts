// Runs one toolchain program and collects its output; a missing program becomes a clear error that
// names it and says how to install the toolchain.
import { execFile } from 'node:child_process';

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class ToolMissingError extends Error {
  constructor(public readonly tool: string) {
    super(`${tool} not found on PATH: install the toolchain with \`npm run toolchain\``);
    this.name = 'ToolMissingError';
  }
}

export function runTool(tool: string, args: readonly string[], cwd?: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      tool,
      [...args],
      { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error !== null && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new ToolMissingError(tool));
          return;
        }
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
