// The diagnostic guest in C: the whole guest (guests/diag/main.ts and everything it imports) transpiles
// with no diagnostic and compiles -Werror -Wconversion for the host and the Cortex-R5F; and a
// differential test of its UDS server: the same requests (a scripted unlock and write, then thousands
// of pseudo-random requests at pseudo-random times, fixtures/uds-replay.ts) run in Node and as
// host-compiled transpiled C over the same deterministic hypervisor stand-in
// (fixtures/hypervisor-stand-in.c and its Node twin below) give the same digest of every response.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Hypercall } from '../../../../firmware/core/hypercall-numbers.ts';
import { installDiagPlatform } from '../../../../guests/diag/platform-simulation.ts';
import { installGuestSimulation, type GuestSimulation } from '../../../../guests/sdk/ts/simulation.ts';
import {
  formatDiagnostic,
  transpile,
  writeTranspileResult,
  type TranspileResult,
} from '../../../../transpiler/index.ts';
import { HOST_BOUNDS_FAIL_HOOK, HOST_CFLAGS, TARGET_CFLAGS } from '../../../transpiler/support/c-build.ts';
import { udsReplay } from './fixtures/uds-replay.ts';

const run = promisify(execFile);
const GUEST = 'guests/diag/main.ts';
const FIXTURE = 'tests/guests/diag/uds/fixtures/uds-replay.ts';
const STAND_IN = resolve('tests/guests/diag/uds/fixtures/hypervisor-stand-in.c');
const OUT = resolve(`out/test/uds-differential-${process.pid}`);
/** Seeds and request counts of the runs. */
const RUNS: [number, number][] = [
  [1, 2000],
  [0xb01dface, 2000],
  [12345, 500],
];

/** The Node twin of hypervisor-stand-in.c. */
function standIn(): GuestSimulation {
  let sends = 0;
  const put = (values: Uint32Array | null, list: number[]) =>
    list.forEach((v, i) => values && i < values.length && (values[i] = v));
  const status = [0, 0, 0, 0, 0xb8, 0x22, 0x10, 0x27, 0xe1, 0x10];
  return {
    call(call, r0, r1, _r2, _r3, values) {
      if (call === Hypercall.Version) return (put(values, [0x00010000, 1, 2]), 0);
      if (call === Hypercall.VmStatus && r0 >= 2) return 12;
      if (call === Hypercall.VmStatus && r1 === 1)
        return (put(values, [r0 === 1 ? 2 : 3, 1 + r0, 7 * r0]), 0);
      if (call === Hypercall.VmStatus) return (put(values, [r0 === 1 ? 2 : 3, r0, 1000 + r0]), 0);
      if (call === Hypercall.VmRestart) return r0 < 2 ? 0 : 12;
      if (call === Hypercall.PlanSwitch) return (put(values, [r0]), r0 < 2 ? 0 : 13);
      throw new Error(`stand-in: unexpected hypercall ${call}`);
    },
    callWithInput(call) {
      if (call !== Hypercall.QueuingSend) throw new Error(`stand-in: unexpected hypercall ${call}`);
      sends++;
      return sends % 3 === 0 ? 9 : 0;
    },
    callWithOutput(call, r0, buffer, values) {
      if (call === Hypercall.FaultLogRead) return (put(values, [0]), 8);
      if (call !== Hypercall.SamplingRead) throw new Error(`stand-in: unexpected hypercall ${call}`);
      if (r0 !== 0) return 5;
      buffer.fill(0);
      buffer.set(status.slice(0, buffer.length));
      put(values, [20, 7, 1]);
      return 0;
    },
    ticks() {
      return 0;
    },
  };
}

/** Compiles every source in one compiler run, objects into `objects`. */
async function compileAll(
  compiler: string,
  flags: string[],
  dir: string,
  sources: string[],
  objects: string,
) {
  mkdirSync(objects, { recursive: true });
  try {
    await run(compiler, [...flags, '-Wconversion', '-I', dir, '-c', ...sources], { cwd: objects });
  } catch (error) {
    throw new Error(`${compiler} failed:\n${(error as { stderr?: string }).stderr ?? ''}`);
  }
}

describe('guests/diag in C: subset, -Wconversion, and Node/C differential of the UDS server', function () {
  this.timeout(60_000);
  let result: TranspileResult;
  const dir = join(OUT, 'c');
  before(() => {
    result = transpile({ entries: [GUEST, FIXTURE], sourceRoot: resolve('.') });
    mkdirSync(dir, { recursive: true });
    writeTranspileResult(result, dir);
  });
  after(() => rmSync(OUT, { recursive: true, force: true }));

  it('transpiles with no diagnostic and compiles -Wconversion clean for the host and the Cortex-R5F', async () => {
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
    const sources = result.files.filter((f) => f.path.endsWith('.c')).map((f) => join(dir, f.path));
    await Promise.all([
      compileAll('gcc', HOST_CFLAGS, dir, sources, join(OUT, 'host')),
      compileAll('arm-none-eabi-gcc', TARGET_CFLAGS, dir, sources, join(OUT, 'arm')),
    ]);
  });

  it('gives the same response digests in Node and C for scripted and pseudo-random requests', async () => {
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    const header = result.files.find((f) => f.path.endsWith('uds_replay.h'));
    assert.ok(header !== undefined, `uds_replay.h among ${result.files.map((f) => f.path).join(', ')}`);
    const harness = join(dir, 'harness.c');
    writeFileSync(
      harness,
      [
        '/* Host harness: prints the replay digest of each run. */',
        '#include <stdio.h>',
        '#include <stdlib.h>',
        `#include "${header.path}"`,
        '',
        ...HOST_BOUNDS_FAIL_HOOK,
        '',
        'int main(void) {',
        ...RUNS.map(
          ([seed, count]) =>
            `    printf("%lu\\n", (unsigned long)uds_replay_uds_replay(${seed}u, ${count}u));`,
        ),
        '    return 0;',
        '}',
        '',
      ].join('\n'),
    );
    // Everything but the guest's main module (its bus and console externs are not stood in for).
    const mainModule = result.modules.find((m) => m.cPrefix === 'main');
    const sources = result.files
      .filter((f) => f.path.endsWith('.c') && f.path !== mainModule?.cFile)
      .map((f) => join(dir, f.path));
    const exe = join(OUT, 'replay');
    const compile = run('gcc', [
      '-std=c11',
      '-O1',
      '-Wall',
      '-Wextra',
      '-Werror',
      '-I',
      dir,
      ...sources,
      STAND_IN,
      harness,
      '-o',
      exe,
    ]);

    installDiagPlatform({
      retainedBase: 0,
      retainedBytes: 0,
      codeBase: 0,
      imageBytes: 0,
      controlVm: 0,
      normalPlan: 0,
      heavyPlan: 1,
    });
    installGuestSimulation(standIn());
    let nodeDigests: number[];
    try {
      nodeDigests = RUNS.map(([seed, count]) => udsReplay(seed, count));
    } finally {
      installGuestSimulation(null);
      installDiagPlatform(null);
    }
    await compile;
    const { stdout } = await run(exe, []);
    const cDigests = stdout.trim().split('\n').map(Number);
    assert.equal(new Set(nodeDigests).size, RUNS.length, `distinct digests ${nodeDigests.join(' ')}`);
    assert.deepEqual(cDigests, nodeDigests);
  });
});
