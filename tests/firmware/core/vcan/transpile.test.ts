// The virtual-CAN modules are in the subset: `checkProgram` reports nothing, and the C the transpiler
// writes for them (with the core modules they import) compiles with the strict host flags and for the
// Cortex-R5F with `-Werror`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import {
  checkProgram,
  formatDiagnostic,
  transpile,
  writeTranspileResult,
} from '../../../../transpiler/index.ts';
import { HOST_CFLAGS, TARGET_CFLAGS } from '../../../transpiler/support/c-build.ts';

const ENTRIES = [
  'firmware/core/vcan/slcan.ts',
  'firmware/core/vcan/bus.ts',
  'firmware/core/vcan/vcan-calls.ts',
];
const OUT = resolve(`out/test/vcan-transpile-${process.pid}`);

describe('firmware/core/vcan in the subset', function () {
  this.timeout(120_000);
  after(() => rmSync(OUT, { recursive: true, force: true }));

  it('passes checkProgram with no diagnostic', () => {
    const program = ts.createProgram(
      ENTRIES.map((e) => resolve(e)),
      {
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        allowImportingTsExtensions: true,
        noEmit: true,
      },
    );
    const files = ENTRIES.map((e) => program.getSourceFile(resolve(e))!);
    const diagnostics = checkProgram(program, files);
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
  });

  it('transpiles and compiles with -Werror for the host (also -Wconversion) and the Cortex-R5F', () => {
    const result = transpile({ entries: ENTRIES, sourceRoot: resolve('.') });
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    const cDir = join(OUT, 'c');
    mkdirSync(cDir, { recursive: true });
    writeTranspileResult(result, cDir);
    const prefixes = result.modules.map((m) => m.cPrefix);
    for (const wanted of ['slcan', 'bus', 'vcan_calls']) assert.ok(prefixes.includes(wanted), wanted);
    const sources = result.files.filter((f) => f.path.endsWith('.c')).map((f) => join(cDir, f.path));
    for (const source of sources) {
      execFileSync(
        'gcc',
        [...HOST_CFLAGS, '-Wconversion', '-I', cDir, '-c', source, '-o', join(OUT, 'host.o')],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      execFileSync(
        'arm-none-eabi-gcc',
        [...TARGET_CFLAGS, '-I', cDir, '-c', source, '-o', join(OUT, 'arm.o')],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    }
  });
});
