// Test support: the values of C macros as the host C compiler evaluates them, so that tests can compare
// what a header states (a generated one, or a BSP header) with the TypeScript description it follows.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { repoRoot } from '../../../cli/build/paths.ts';

/** Values of `macros` after `#include`-ing `headers` (names found in `files`, written next to the
 *  program, or on the include path `bsp/`). */
export function cMacroValues(
  headers: readonly string[],
  macros: readonly string[],
  files: Readonly<Record<string, string>> = {},
): Map<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'bh-macros-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(
      join(dir, 'main.c'),
      [
        '#include <stdio.h>',
        ...headers.map((h) => `#include "${h}"`),
        'int main(void) {',
        ...macros.map((m) => `  printf("${m} %lu\\n", (unsigned long)(${m}));`),
        '  return 0;',
        '}',
        '',
      ].join('\n'),
    );
    const exe = join(dir, 'main');
    execFileSync('gcc', [
      '-std=c11',
      '-Wall',
      '-Werror',
      `-I${join(repoRoot, 'bsp')}`,
      '-o',
      exe,
      join(dir, 'main.c'),
    ]);
    const values = new Map<string, number>();
    for (const line of execFileSync(exe, { encoding: 'utf8' }).trim().split('\n')) {
      const [name, value] = line.split(' ');
      values.set(name, Number(value));
    }
    return values;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
