// The `bulkhead ts2c` command: writes the C for a good program (exit 0), writes nothing and exits 1 with
// file:line:col diagnostics for a bad one, honours --no-line, and rejects bad usage with exit 2.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDir, REPO_ROOT, writeProgram } from './helpers.ts';
import { PRELUDE } from './rule-cases.ts';

function ts2c(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'cli/main.ts'), 'ts2c', ...args],
    { encoding: 'utf8', cwd: REPO_ROOT },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('bulkhead ts2c', function () {
  this.timeout(60_000);

  it('writes .c/.h per module, bh_runtime.h and bh_offsets.h; exit 0', () => {
    const [entry] = writeProgram({
      'ring-buffer.ts': PRELUDE + 'export function next(i: u32): u32 { return u32(i + 1) & 15; }\n',
    });
    const out = freshDir();
    const run = ts2c([entry!, '-o', out]);
    assert.equal(run.status, 0, run.stderr);
    for (const f of ['ring_buffer.c', 'ring_buffer.h', 'bh_runtime.h', 'bh_offsets.h'])
      assert.ok(existsSync(join(out, f)), f);
    assert.match(readFileSync(join(out, 'ring_buffer.c'), 'utf8'), /#line 2 ".*ring-buffer\.ts"/);
  });

  it('--no-line omits #line directives', () => {
    const [entry] = writeProgram({ 'm.ts': PRELUDE + 'export function f(): u32 { return 1; }\n' });
    const out = freshDir();
    assert.equal(ts2c([entry!, '-o', out, '--no-line']).status, 0);
    assert.doesNotMatch(readFileSync(join(out, 'm.c'), 'utf8'), /#line/);
  });

  it('prints file:line:col diagnostics, exits 1 and writes nothing on error', () => {
    const [entry] = writeProgram({
      'bad.ts': PRELUDE + 'export function f(a: u8, b: u8): u8 { return a + b; }\n',
    });
    const out = join(freshDir(), 'out');
    const run = ts2c([entry!, '-o', out]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /bad\.ts:2:46 - error BH1201: /);
    assert.equal(existsSync(out), false);
  });

  it('usage errors exit 2', () => {
    assert.equal(ts2c([]).status, 2);
    assert.equal(ts2c(['x.ts']).status, 2);
    assert.equal(ts2c(['x.ts', '-o', 'd', '--bogus']).status, 2);
  });
});
