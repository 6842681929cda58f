// "A board fact is written once": every device register base of every board appears, as a number in
// any spelling (with or without `_` separators, upper or lower case, a `u` suffix), in no tracked file
// other than the board's own description `bsp/<board>/board.ts` (builds, guests and tests take it from
// there or from the headers generated from it), apart from the docs' generated sections (rewritten by
// `npm run generate`; tests/cli/docs/generate.test.ts checks they are current) and the reports that
// record what a run observed (RELIABILITY.md, BENCHMARKS.md).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { boards } from '../../bsp/boards.ts';
import { realviewEb } from '../../bsp/realview-eb/board.ts';
import { repoRoot } from '../../cli/build/paths.ts';
import { regenerateSections } from '../../cli/docs/generated-sections.ts';

/** Reports written by runs, which quote the addresses they saw. */
const runReports = new Set(['docs/RELIABILITY.md', 'docs/BENCHMARKS.md']);
const textFile = /\.(ts|mjs|js|c|h|S|inc|ld|md|json|sh|txt)$/;

function trackedTextFiles(): string[] {
  return execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\n')
    .filter((file) => textFile.test(file) && !runReports.has(file));
}

/** The text of `file` without the contents of its generated doc sections. */
function handWritten(file: string): string {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  return file.endsWith('.md') ? regenerateSections(text, () => '') : text;
}

/** Every hexadecimal literal's value in `text`. */
function hexValues(text: string): Set<number> {
  return new Set(
    [...text.matchAll(/\b0x([0-9a-fA-F][0-9a-fA-F_]*)/g)].map((m) => parseInt(m[1].replace(/_/g, ''), 16)),
  );
}

describe('bsp: every board fact is written once', () => {
  const files = trackedTextFiles();

  for (const board of boards) {
    it(`writes each device base of ${board.name} only in bsp/${board.name}/board.ts`, () => {
      const owner = `bsp/${board.name}/board.ts`;
      const bases = new Map(board.devices.map((d) => [d.base, d.name]));
      const elsewhere: string[] = [];
      for (const file of files) {
        if (file === owner) continue;
        for (const value of hexValues(handWritten(file))) {
          const device = bases.get(value);
          if (device !== undefined) elsewhere.push(`${file}: base of ${device} (0x${value.toString(16)})`);
        }
      }
      assert.deepEqual(elsewhere, []);
      assert.ok(hexValues(readFileSync(join(repoRoot, owner), 'utf8')).has(board.devices[0].base));
    });
  }

  it('finds a base written twice (the check can fail)', () => {
    // Spelled from parts, so this file itself writes no device base.
    const uart0 = realviewEb.devices.find((d) => d.name === 'uart0')!.base.toString(16);
    const spelled = [`0x${uart0}u`, `0x${uart0.slice(0, 4)}_${uart0.slice(4)}`].join(' ');
    assert.deepEqual([...hexValues(spelled)], [parseInt(uart0, 16)]);
    assert.equal(
      handWritten('docs/CONFIG.md').includes(`0x${uart0}`),
      false,
      'generated sections are skipped',
    );
    assert.equal(readFileSync(join(repoRoot, 'docs/CONFIG.md'), 'utf8').includes(`0x${uart0}`), true);
  });
});
