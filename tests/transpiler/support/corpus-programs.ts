// Finds the corpus programs (`tests/transpiler/corpus/<name>/main.ts`) and runs one in Node, capturing
// what it prints through the test print port.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCaptured, type NodeRun } from './print-capture.ts';

/** Repository root (three levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CORPUS_DIR = join(REPO_ROOT, 'tests/transpiler/corpus');
export const SUPPORT_DIR = join(REPO_ROOT, 'tests/transpiler/support');

export interface CorpusProgram {
  name: string;
  /** Absolute path of the program's entry module. */
  entry: string;
  /** Contents of `expected.txt` when the program has an external reference output. */
  expected: string | undefined;
}

export function listCorpusPrograms(): CorpusProgram[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const entry = join(CORPUS_DIR, name, 'main.ts');
      if (!existsSync(entry)) throw new Error(`corpus program ${name} has no main.ts (${entry})`);
      const expectedPath = join(CORPUS_DIR, name, 'expected.txt');
      const expected = existsSync(expectedPath) ? readFileSync(expectedPath, 'utf8') : undefined;
      return { name, entry, expected };
    });
}

/** Imports a module exporting `main(): void` and runs it with the print buffer captured. */
export async function runMainInNode(entry: string): Promise<NodeRun> {
  const module = (await import(pathToFileURL(entry).href)) as { main?: unknown };
  if (typeof module.main !== 'function') throw new Error(`${entry} does not export a function main()`);
  const main = module.main as () => void;
  return runCaptured(main);
}
