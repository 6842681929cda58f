// Writes every committed file generated from the hypercall table (firmware/abi/hypercalls.ts): the
// core's enums and dispatch, the TypeScript guest SDK and its C bodies, and the tables of
// docs/HYPERCALLS.md. `npm run generate` runs it (cli/generate.ts, with the docs' generated sections);
// run alone: `tsx cli/build/generate/abi-files.ts [--check]`. `--check` writes nothing and fails when a
// committed file differs from what the table gives (tests/firmware/abi/agreement.test.ts checks the same).
// The guest C header (`bulkhead_abi.h`) is not committed: every guest build writes it
// (abi-header.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { fromRepo } from '../paths.ts';
import { DOCS_FILE, docsText } from './hypercall-docs.ts';
import { DISPATCH_MODULE, dispatchModuleText } from './hypercall-dispatch.ts';
import { NUMBERS_MODULE, numbersModuleText } from './hypercall-numbers.ts';
import { TS_BINDINGS_C, tsBindingsCText } from './ts-bindings-c.ts';
import { TS_SDK_MODULE, tsSdkModuleText } from './ts-sdk.ts';

/** One generated committed file: its repository path and its text as the table gives it. */
export interface GeneratedFile {
  path: string;
  text: string;
}

/** Every committed generated file, in the order they are written. */
export async function generatedFiles(): Promise<GeneratedFile[]> {
  const current = (path: string): string => readFileSync(fromRepo(path), 'utf8');
  return [
    { path: NUMBERS_MODULE, text: await numbersModuleText() },
    { path: DISPATCH_MODULE, text: await dispatchModuleText() },
    { path: TS_SDK_MODULE, text: await tsSdkModuleText() },
    { path: TS_BINDINGS_C, text: tsBindingsCText() },
    { path: DOCS_FILE, text: await docsText(current(DOCS_FILE)) },
  ];
}

/** The committed files that differ from what the table gives (empty: all agree). */
export async function staleFiles(): Promise<string[]> {
  const stale: string[] = [];
  for (const file of await generatedFiles()) {
    let committed = '';
    try {
      committed = readFileSync(fromRepo(file.path), 'utf8');
    } catch {
      // missing: stale
    }
    if (committed !== file.text) stale.push(file.path);
  }
  return stale;
}

/** Writes every generated file, or with `check` only compares; returns false when `check` finds a
 *  stale file. */
export async function generateAbiFiles(check: boolean): Promise<boolean> {
  if (check) {
    const stale = await staleFiles();
    if (stale.length > 0) {
      console.error(
        `out of date with firmware/abi/hypercalls.ts (run npm run generate):\n  ${stale.join('\n  ')}`,
      );
      return false;
    }
    console.log('generated files agree with firmware/abi/hypercalls.ts');
    return true;
  }
  for (const file of await generatedFiles()) {
    writeFileSync(fromRepo(file.path), file.text);
    console.log(`wrote ${file.path}`);
  }
  return true;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!(await generateAbiFiles(process.argv.includes('--check')))) process.exitCode = 1;
}
