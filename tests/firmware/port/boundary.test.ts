// The core↔hardware boundary: every `@extern` of the firmware is declared in `firmware/port/` (the core
// reaches hardware and image facts only through it), each is implemented in C in `firmware/port/c/`, and
// no firmware or guest source reaches shared state through `globalThis` (the Node side of an extern is
// installed through its registry: `firmware/sim/port-simulation.ts`, `guests/sdk/ts/simulation.ts`,
// `guests/diag/platform-simulation.ts`).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../../../cli/build/paths.ts';

function tracked(prefix: string, pattern: RegExp): string[] {
  return execFileSync('git', ['ls-files', prefix], { cwd: repoRoot, encoding: 'utf8' })
    .split('\n')
    .filter((file) => pattern.test(file));
}

const read = (file: string): string => readFileSync(join(repoRoot, file), 'utf8');
const externs = (text: string): string[] => [...text.matchAll(/@extern\s+(\w+)/g)].map((m) => m[1]);

describe('firmware/port: the core↔hardware boundary', () => {
  it('declares every @extern of firmware/ in firmware/port/', () => {
    const outside = tracked('firmware', /\.ts$/)
      .filter((file) => !file.startsWith('firmware/port/'))
      .filter((file) => externs(read(file)).length > 0);
    assert.deepEqual(outside, []);
  });

  it('implements every port extern in firmware/port/c/ (or the BSP port file there)', () => {
    const declared = tracked('firmware/port', /\.ts$/).flatMap((file) => externs(read(file)));
    assert.ok(declared.length >= 20, `only ${declared.length} externs found`);
    const c = tracked('firmware/port/c', /\.c$/).map(read).join('\n');
    const missing = declared.filter((name) => !new RegExp(`\\b${name}\\s*\\(`).test(c));
    assert.deepEqual(missing, []);
  });

  it('uses no globalThis in firmware/ or guests/', () => {
    const users = [...tracked('firmware', /\.ts$/), ...tracked('guests', /\.ts$/)].filter((file) =>
      /\bglobalThis\b/.test(read(file)),
    );
    assert.deepEqual(users, []);
  });
});
