// The `bulkhead ts2c` command: writes the C for a good program (exit 0), writes nothing and exits 1 with
// file:line:col diagnostics for a bad one (paths as given: relative entries give relative paths; advice
// that names the destination type and the actual index), honours --no-line, leaves a clean output set
// (files an earlier run generated are removed, other files kept), and rejects bad usage with exit 2.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { freshDir, REPO_ROOT, writeProgram } from './support/helpers.ts';
import { PRELUDE } from './support/rule-cases.ts';

function ts2c(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'cli/bin/bulkhead.mjs'), 'ts2c', ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('bulkhead ts2c', function () {
  this.timeout(60_000);

  it('writes .c/.h per module, bh_runtime.h and bh_offsets.h; exit 0', () => {
    const [entry] = writeProgram({
      'ring-buffer.ts': PRELUDE + 'export function next(i: u32): u32 { return u32(i + 1) & 15; }\n',
    });
    const out = freshDir();
    const run = ts2c([entry, '-o', out]);
    assert.equal(run.status, 0, run.stderr);
    for (const f of ['ring_buffer.c', 'ring_buffer.h', 'bh_runtime.h', 'bh_offsets.h'])
      assert.ok(existsSync(join(out, f)), f);
    assert.match(readFileSync(join(out, 'ring_buffer.c'), 'utf8'), /#line 2 ".*ring-buffer\.ts"/);
  });

  it('--no-line omits #line directives', () => {
    const [entry] = writeProgram({ 'm.ts': PRELUDE + 'export function f(): u32 { return 1; }\n' });
    const out = freshDir();
    assert.equal(ts2c([entry, '-o', out, '--no-line']).status, 0);
    assert.doesNotMatch(readFileSync(join(out, 'm.c'), 'utf8'), /#line/);
  });

  it('prints file:line:col diagnostics, exits 1 and writes nothing on error', () => {
    const [entry] = writeProgram({
      'bad.ts': PRELUDE + 'export function f(a: u8, b: u8): u8 { return a + b; }\n',
    });
    const out = join(freshDir(), 'out');
    const run = ts2c([entry, '-o', out]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /bad\.ts:2:46 - error BH1201: /);
    assert.equal(existsSync(out), false);
  });

  it('prints paths relative to the working directory when the entry was given relative', () => {
    const [entry] = writeProgram({
      'bad.ts': PRELUDE + 'export function f(a: i16, b: i16): i32 { return a * b; }\n',
    });
    const given = relative(REPO_ROOT, entry);
    const run = ts2c([given, '-o', join(freshDir(), 'out')]);
    assert.equal(run.status, 1);
    assert.ok(run.stderr.startsWith(`${given}:2:`), run.stderr);
    // The advice names the destination's conversion (i16(...) would truncate the product).
    assert.match(run.stderr, /BH1201: .*range of i16 .*wrap it in i32\(\.\.\.\)/);
    const absolute = ts2c([entry, '-o', join(freshDir(), 'out')]);
    assert.ok(absolute.stderr.startsWith(`${entry}:2:`), absolute.stderr);
  });

  it("BH1301's advice shows the actual index", () => {
    const [entry] = writeProgram({
      'idx.ts': PRELUDE + 'export function f(b: Uint8Array, k: u32): u8 { return b[u32(k + 1)]; }\n',
    });
    const run = ts2c([entry, '-o', join(freshDir(), 'out')]);
    assert.match(run.stderr, /BH1301: .*write 'b\[checkIndex\(u32\(k \+ 1\), b\.length\)\]'/);
  });

  it('-o holds a clean set: stale generated files go, other files stay', () => {
    const out = freshDir();
    const [first] = writeProgram({ 'old-name.ts': PRELUDE + 'export function f(): u32 { return 1; }\n' });
    assert.equal(ts2c([first, '-o', out]).status, 0);
    writeFileSync(join(out, 'notes.c'), '/* hand-written, not generated */\n');
    const [second] = writeProgram({ 'new-name.ts': PRELUDE + 'export function f(): u32 { return 2; }\n' });
    assert.equal(ts2c([second, '-o', out]).status, 0);
    const files = readdirSync(out).sort();
    assert.deepEqual(files, [
      'bh_offsets.h',
      'bh_runtime.h',
      'bh_runtime_float.h',
      'new_name.c',
      'new_name.h',
      'notes.c',
    ]);
  });

  it('--watch transpiles again when a module changes (through the bundled fast start)', async () => {
    const [entry] = writeProgram({ 'w.ts': PRELUDE + 'export function f(): u32 { return 11; }\n' });
    const out = freshDir();
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'cli/bin/bulkhead.mjs'), 'ts2c', entry, '-o', out, '--watch'],
      {
        cwd: REPO_ROOT,
      },
    );
    let stdout = '';
    const seen = (pattern: RegExp, count: number): Promise<void> =>
      new Promise((resolveSeen, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${pattern}:\n${stdout}`)),
          30_000,
        );
        const check = (): void => {
          if ((stdout.match(pattern) ?? []).length >= count) {
            clearTimeout(timer);
            resolveSeen();
          } else setTimeout(check, 20);
        };
        check();
      });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      await seen(/watching 1 file/g, 1);
      assert.match(readFileSync(join(out, 'w.c'), 'utf8'), /return 11u;/);
      writeProgram({ 'w.ts': PRELUDE + 'export function f(): u32 { return 22; }\n' }, dirname(entry));
      await seen(/module → .* in \d+ ms/g, 2);
      assert.match(readFileSync(join(out, 'w.c'), 'utf8'), /return 22u;/);
    } finally {
      child.kill();
    }
  });

  it('usage errors exit 2', () => {
    assert.equal(ts2c([]).status, 2);
    assert.equal(ts2c(['x.ts']).status, 2);
    assert.equal(ts2c(['x.ts', '-o', 'd', '--bogus']).status, 2);
  });
});
