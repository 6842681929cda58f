// `npm run generate [-- --check]`: rewrites every committed file generated from a description in the
// code: the hypercall ABI's outputs (cli/build/generate/abi-files.ts: the core's enums and dispatch, the
// TypeScript guest SDK and its C bodies, the tables of docs/HYPERCALLS.md), then the docs' generated
// sections (cli/docs/generate.ts: the board tables). `--check` writes nothing and exits 1 when one of
// them is out of date.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { generateAbiFiles } from './build/generate/abi-files.ts';
import { generateDocSections } from './docs/generate.ts';

/** Runs both generators; returns false when `check` finds a stale file. */
export async function generateAll(check: boolean): Promise<boolean> {
  const abi = await generateAbiFiles(check);
  const docs = generateDocSections(check);
  return abi && docs;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`generate: unknown argument '${unknown[0]}' (usage: generate [--check])`);
    process.exitCode = 2;
  } else if (!(await generateAll(args.includes('--check')))) process.exitCode = 1;
}
