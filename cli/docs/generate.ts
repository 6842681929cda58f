// `npm run docs:generate`: rewrites every generated section of the docs (cli/docs/sections.ts) from the
// code's descriptions, and says which files changed. `--check` changes nothing and exits 1 when a
// section is out of date.
import { readFileSync, writeFileSync } from 'node:fs';

import { fromRepo } from '../build/paths.ts';
import { regenerateSections } from './generated-sections.ts';
import { documentsWithSections, generateSection } from './sections.ts';

const check = process.argv.includes('--check');
let stale = 0;
for (const document of documentsWithSections) {
  const file = fromRepo(document);
  const text = readFileSync(file, 'utf8');
  const fresh = regenerateSections(text, generateSection);
  if (fresh === text) continue;
  stale++;
  if (check) console.error(`${document}: generated sections are out of date (npm run docs:generate)`);
  else {
    writeFileSync(file, fresh);
    console.log(`${document}: generated sections rewritten`);
  }
}
if (check && stale > 0) process.exit(1);
