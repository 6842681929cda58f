// Repository-wide check of the hand-written C: every .c and .h file follows .clang-format
// (`clang-format --dry-run --Werror`, Debian's clang-format package). Generated C is not checked: the
// transpiler's golden outputs (tests/transpiler/golden/) and guests/sdk/src/ts_bindings.c, which
// `npm run generate` writes from the hypercall table (tests/firmware/abi/agreement.test.ts keeps it so).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOTS = ['bench', 'bsp', 'firmware', 'guests', 'qemu', 'systems', 'tests'];
const GENERATED = ['tests/transpiler/golden/', 'guests/sdk/src/ts_bindings.c'];

/** Repository paths of the hand-written C sources and headers, sorted. */
export function handWrittenC(): string[] {
  return ROOTS.flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' }).map((name) => join(root, name)),
  )
    .filter((path) => /\.[ch]$/.test(path) && !GENERATED.some((g) => path.startsWith(g)))
    .sort();
}

describe('repository: C layout', function () {
  this.timeout(120_000);

  it('formats the hand-written C as .clang-format says (clang-format --dry-run --Werror)', function () {
    const files = handWrittenC();
    assert.ok(files.length > 50, `found only ${files.length} C files`);
    const result = spawnSync('clang-format', ['--dry-run', '--Werror', ...files], { encoding: 'utf8' });
    if (result.error !== undefined) {
      assert.fail(
        `clang-format could not run (${result.error.message}): install Debian's clang-format package ` +
          '(apt-get install clang-format, or npm run toolchain)',
      );
    }
    const unformatted = [
      ...new Set([...result.stderr.matchAll(/^(.+?):\d+:\d+: error:/gm)].map((m) => m[1])),
    ];
    assert.equal(
      result.status,
      0,
      `files not formatted (run clang-format -i on them):\n${unformatted.join('\n')}\n${unformatted.length === 0 ? result.stderr : ''}`,
    );
  });
});
