// Rewrites every generated section of the docs (cli/docs/sections.ts) from the code's descriptions, and
// says which files changed. `npm run generate` runs it (cli/generate.ts, after the hypercall ABI's
// outputs); run alone: `tsx cli/docs/generate.ts [--check]`. `--check` changes nothing and fails when a
// section is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { fromRepo } from '../build/paths.ts';
import { regenerateSections } from './generated-sections.ts';
import { documentsWithSections, generateSection } from './sections.ts';

/** Rewrites the stale sections, or with `check` only reports them; returns false when `check` finds one. */
export function generateDocSections(check: boolean): boolean {
  let stale = 0;
  for (const document of documentsWithSections) {
    const file = fromRepo(document);
    const text = readFileSync(file, 'utf8');
    const fresh = regenerateSections(text, generateSection);
    if (fresh === text) continue;
    stale++;
    if (check) console.error(`${document}: generated sections are out of date (npm run generate)`);
    else {
      writeFileSync(file, fresh);
      console.log(`${document}: generated sections rewritten`);
    }
  }
  if (check && stale === 0) console.log('generated doc sections are current');
  return !check || stale === 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!generateDocSections(process.argv.includes('--check'))) process.exitCode = 1;
}
