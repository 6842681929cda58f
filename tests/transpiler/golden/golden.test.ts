// Golden C snapshots: each case under tests/transpiler/golden/<case>/input is transpiled (entry main.ts,
// #line directives relative to the input directory) and every output file must equal
// <case>/expected/<file> byte for byte. `UPDATE_GOLDEN=1 npm test` rewrites the snapshots. The
// snapshots also compile for host and target, and two transpilations give identical bytes. The runtime
// headers, the same for every program, are kept once, in tests/transpiler/golden/runtime/.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, transpile, type TranspileResult } from '../../../transpiler/index.ts';

const goldenDir = dirname(fileURLToPath(import.meta.url));
const update = process.env['UPDATE_GOLDEN'] === '1';
const cases = readdirSync(goldenDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(goldenDir, d.name, 'input', 'main.ts')))
  .map((d) => d.name)
  .sort();

/** Output files every transpilation writes with the same contents. */
const RUNTIME_FILES = new Set(['bh_runtime.h', 'bh_runtime_float.h']);
const runtimeDir = join(goldenDir, 'runtime');

const FLAGS = ['-std=c11', '-ffreestanding', '-Wall', '-Wextra', '-Werror', '-pedantic', '-Wconversion'];

function run(name: string): TranspileResult {
  const input = join(goldenDir, name, 'input');
  const result = transpile({ entries: [join(input, 'main.ts')], sourceRoot: input });
  assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
  return result;
}

describe('transpiler golden C snapshots', function () {
  this.timeout(60_000);
  for (const name of cases) {
    describe(name, () => {
      it('matches expected/ byte for byte', () => {
        const result = run(name);
        const expectedDir = join(goldenDir, name, 'expected');
        if (update) {
          rmSync(expectedDir, { recursive: true, force: true });
          mkdirSync(expectedDir, { recursive: true });
          mkdirSync(runtimeDir, { recursive: true });
          for (const f of result.files) {
            writeFileSync(join(RUNTIME_FILES.has(f.path) ? runtimeDir : expectedDir, f.path), f.contents);
          }
        }
        const expectedFiles = readdirSync(expectedDir).sort();
        const programFiles = result.files.filter((f) => !RUNTIME_FILES.has(f.path));
        assert.deepEqual(programFiles.map((f) => f.path).sort(), expectedFiles, 'generated file set');
        for (const f of result.files) {
          if (RUNTIME_FILES.has(f.path)) {
            assert.equal(f.contents, readFileSync(join(runtimeDir, f.path), 'utf8'), `runtime/${f.path} differs (UPDATE_GOLDEN=1 regenerates)`);
            continue;
          }
          assert.equal(f.contents, readFileSync(join(expectedDir, f.path), 'utf8'), `${name}/expected/${f.path} differs (UPDATE_GOLDEN=1 regenerates)`);
        }
      });

      it('is deterministic: a second transpilation gives identical bytes', () => {
        const a = run(name);
        const b = run(name);
        assert.deepEqual(a.files, b.files);
      });

      it('compiles for host and Cortex-R5F with -Wconversion', () => {
        const expectedDir = join(goldenDir, name, 'expected');
        for (const file of readdirSync(expectedDir).filter((f) => f.endsWith('.c'))) {
          for (const [cc, extra] of [['gcc', []], ['arm-none-eabi-gcc', ['-mcpu=cortex-r5', '-mfloat-abi=hard', '-mfpu=vfpv3-d16']]] as const) {
            const r = spawnSync(cc, [...extra, ...FLAGS, '-fsyntax-only', '-I', runtimeDir, join(expectedDir, file)], { encoding: 'utf8', cwd: join(goldenDir, name, 'input') });
            assert.equal(r.status, 0, `${cc} ${file}:\n${r.stderr}`);
          }
        }
      });
    });
  }
});
