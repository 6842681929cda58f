// guests/diag/isotp.ts is in the subset: `checkProgram` reports nothing, the transpiled C compiles with
// the strict host flags (also -Wconversion) and for the Cortex-R5F with -Werror, and a loopback program
// (fixtures/isotp-loopback.ts: two static instances exchanging a message) gives the same digest of
// the received bytes, end tick and frame count in Node and as host-compiled C.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import {
  checkProgram,
  formatDiagnostic,
  transpile,
  writeTranspileResult,
} from '../../../transpiler/index.ts';
import { HOST_BOUNDS_FAIL_HOOK, HOST_CFLAGS, TARGET_CFLAGS } from '../../transpiler/support/c-build.ts';
import { loopback } from './fixtures/isotp-loopback.ts';

const MODULE = 'guests/diag/isotp.ts';
const LOOPBACK = 'tests/guests/diag/fixtures/isotp-loopback.ts';
const OUT = resolve(`out/test/isotp-transpile-${process.pid}`);
/** length, block size, STmin of each loopback run. */
const CASES: [number, number, number][] = [
  [3, 0, 0],
  [7, 0, 0],
  [8, 0, 0],
  [20, 0, 0],
  [4095, 0, 0],
  [4095, 3, 5],
  [1000, 1, 0xf5],
  [500, 8, 0x90],
];

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

describe('guests/diag/isotp.ts in the subset', function () {
  this.timeout(120_000);
  after(() => rmSync(OUT, { recursive: true, force: true }));

  it('passes checkProgram with no diagnostic', () => {
    const program = ts.createProgram([resolve(MODULE)], {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      allowImportingTsExtensions: true,
      noEmit: true,
    });
    const diagnostics = checkProgram(program, [program.getSourceFile(resolve(MODULE))!]);
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
  });

  it('transpiles and compiles with -Werror for the host (also -Wconversion) and the Cortex-R5F', () => {
    const result = transpile({ entries: [MODULE], sourceRoot: resolve('.') });
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    const cDir = join(OUT, 'module');
    mkdirSync(cDir, { recursive: true });
    writeTranspileResult(result, cDir);
    assert.deepEqual(
      result.modules.map((m) => m.cPrefix),
      ['isotp'],
    );
    const source = join(cDir, 'isotp.c');
    run('gcc', [...HOST_CFLAGS, '-Wconversion', '-I', cDir, '-c', source, '-o', join(OUT, 'host.o')]);
    run('arm-none-eabi-gcc', [
      ...TARGET_CFLAGS,
      '-Wconversion',
      '-I',
      cDir,
      '-c',
      source,
      '-o',
      join(OUT, 'arm.o'),
    ]);
    const symbols = run('arm-none-eabi-nm', [join(OUT, 'arm.o')]);
    for (const fn of [
      'isotp_iso_tp_receive_frame',
      'isotp_iso_tp_poll',
      'isotp_iso_tp_send',
      'isotp_iso_tp_next_event',
    ]) {
      assert.match(symbols, new RegExp(` T ${fn}\\b`), fn);
    }
    assert.doesNotMatch(symbols, /\bU (malloc|free|memcpy|memset)\b/, 'no library calls');
  });

  it('the loopback program gives the same results in Node and as host C', () => {
    const result = transpile({ entries: [LOOPBACK], sourceRoot: resolve('.') });
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    const cDir = join(OUT, 'loopback');
    mkdirSync(cDir, { recursive: true });
    writeTranspileResult(result, cDir);
    const calls = CASES.map(
      ([length, bs, stMin]) =>
        `    printf("%lu\\n", (unsigned long)isotp_loopback_loopback(${length}u, ${bs}u, ${stMin}u));`,
    );
    const harness = join(cDir, 'harness.c');
    writeFileSync(
      harness,
      [
        '/* Host harness: runs the transpiled ISO-TP loopback for each case and prints the digests. */',
        '#include <stdio.h>',
        '#include <stdlib.h>',
        '#include "isotp_loopback.h"',
        '',
        ...HOST_BOUNDS_FAIL_HOOK,
        '',
        'int main(void) {',
        ...calls,
        '    return 0;',
        '}',
        '',
      ].join('\n'),
    );
    const sources = result.files.filter((f) => f.path.endsWith('.c')).map((f) => join(cDir, f.path));
    const exe = join(OUT, 'loopback-host');
    run('gcc', [
      '-std=c11',
      '-Wall',
      '-Wextra',
      '-Werror',
      '-pedantic',
      '-O2',
      '-I',
      cDir,
      ...sources,
      harness,
      '-o',
      exe,
    ]);
    const cDigests = run(exe, []).trim().split('\n').map(Number);
    const nodeDigests = CASES.map(([length, bs, stMin]) => loopback(length, bs, stMin));
    assert.ok(
      nodeDigests.every((d) => d !== 0),
      `every Node transfer completed: ${nodeDigests.join(' ')}`,
    );
    assert.deepEqual(cDigests, nodeDigests);
  });
});
