// The diagnostic guest (guests/diag/main.ts and everything it imports: the UDS server in uds/, the
// ISO-TP transport, the SDK's externs) is inside the subset: the transpiler reports no diagnostic, and
// every generated C file compiles with -Werror -Wconversion for the host and for the Cortex-R5F (the
// guest build, cli/build/guest.ts, links the same files with the SDK).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatDiagnostic, transpile, writeTranspileResult } from '../../transpiler/index.ts';
import { HOST_CFLAGS, TARGET_CFLAGS } from '../transpiler/support/c-build.ts';

const ENTRY = 'guests/diag/main.ts';
const OUT = resolve(`out/test/diag-transpile-${process.pid}`);

const run = promisify(execFile);

/** Compiles every source in one compiler run, objects into `objects`. */
async function compile(compiler: string, flags: string[], dir: string, sources: string[], objects: string) {
  mkdirSync(objects, { recursive: true });
  try {
    await run(compiler, [...flags, '-Wconversion', '-I', dir, '-c', ...sources], { cwd: objects });
  } catch (error) {
    const e = error as { stderr?: string };
    throw new Error(`${compiler} failed:\n${e.stderr ?? ''}`);
  }
}

describe('guests/diag in the subset', function () {
  this.timeout(60_000);
  after(() => rmSync(OUT, { recursive: true, force: true }));

  it('transpiles with no diagnostic and compiles -Wconversion clean for the host and the Cortex-R5F', async () => {
    const result = transpile({ entries: [ENTRY], sourceRoot: resolve('.') });
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    const prefixes = result.modules.map((m) => m.cPrefix);
    for (const module of [
      'main',
      'isotp',
      'dispatcher',
      'session',
      'security',
      'dids',
      'dtc_store',
      'routines',
    ]) {
      assert.ok(prefixes.includes(module), `module ${module} in ${prefixes.join(', ')}`);
    }
    const dir = join(OUT, 'c');
    mkdirSync(dir, { recursive: true });
    writeTranspileResult(result, dir);
    const sources = result.files.filter((f) => f.path.endsWith('.c')).map((f) => join(dir, f.path));
    await Promise.all([
      compile('gcc', HOST_CFLAGS, dir, sources, join(OUT, 'host')),
      compile('arm-none-eabi-gcc', TARGET_CFLAGS, dir, sources, join(OUT, 'arm')),
    ]);
  });
});
