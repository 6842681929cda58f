// The TypeScript guest SDK (guests/sdk/ts/bulkhead.ts): it is inside the subset and transpiles; the C
// implementations of its externs (guests/sdk/src/ts_bindings.c) match the transpiler's prototypes
// exactly and define every one of them; in Node its functions run through the real core in the
// simulation (systems/test-two-vms.ts): console output, a queuing port in order, a sampling port with
// its values, and the ABI's error code for a bad port.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { fromRepo } from '../../../../cli/build/paths.ts';
import { guestCompileArgs, sdkIncludeDir } from '../../../../cli/build/guest.ts';
import { deriveTables } from '../../../../firmware/config/derive.ts';
import { validatedSystem } from '../../../../firmware/config/validated-system.ts';
import { HvResult } from '../../../../firmware/core/hypercall-numbers.ts';
import { SimMachine, type SimGuest } from '../../../../firmware/sim/machine.ts';
import { writeAbiHeader } from '../../../../cli/build/generate/abi-header.ts';
import {
  bhConsoleWrite,
  bhQueuingReceive,
  bhQueuingSend,
  bhSamplingRead,
  bhSamplingWrite,
  bhVersion,
  bhYield,
} from '../../../../guests/sdk/ts/bulkhead.ts';
import { installGuestSimulation, simulatedGuest } from '../../../../guests/sdk/ts/simulation.ts';
import testTwoVms from '../../../../systems/test-two-vms.ts';
import { transpile } from '../../../../transpiler/index.ts';
import { HYPERCALLS } from '../../../../firmware/abi/hypercalls.ts';

const SDK_MODULE = 'guests/sdk/ts/bulkhead.ts';

describe('guest SDK for the TypeScript subset', function () {
  this.timeout(60_000);
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'bulkhead-ts-sdk-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('transpiles, and ts_bindings.c implements every extern with the transpiler prototype', () => {
    const result = transpile({ entries: [fromRepo(SDK_MODULE)], lineDirectives: false });
    assert.deepEqual(result.diagnostics, []);
    const outDir = join(scratch, 'ts');
    for (const file of result.files) {
      mkdirSync(dirname(join(outDir, file.path)), { recursive: true });
      writeFileSync(join(outDir, file.path), file.contents);
    }
    const header = result.files.find((f) => f.path.endsWith('bulkhead.h'));
    assert.ok(header !== undefined, 'generated header of the SDK module');
    const externs = [...header.contents.matchAll(/^extern \S+ (bh_ts_\w+)\(/gm)].map((m) => m[1]);
    // One extern per TypeScript binding of the hypercall table.
    assert.equal(externs.length, HYPERCALLS.flatMap((h) => h.bindings).length);
    // One translation unit: the transpiler's prototypes, then the bindings; a mismatch is a conflict.
    const genDir = join(scratch, 'gen');
    writeAbiHeader(genDir);
    const unit = join(scratch, 'check.c');
    writeFileSync(
      unit,
      `#include "${join(outDir, header.path)}"\n#include "${fromRepo('guests/sdk/src/ts_bindings.c')}"\n`,
    );
    const object = join(scratch, 'check.o');
    execFileSync(
      'arm-none-eabi-gcc',
      guestCompileArgs(unit, object, false, [sdkIncludeDir, genDir, outDir], {}),
    );
    const defined = execFileSync('arm-none-eabi-nm', ['--defined-only', object], { encoding: 'utf8' });
    for (const symbol of externs) assert.match(defined, new RegExp(` T ${symbol}\\b`), symbol);
  });

  it('runs through the real core in the Node simulation', () => {
    const tables = deriveTables(validatedSystem(testTwoVms));
    const alphaScratch = testTwoVms.vms[0].memory[1].base + 0x100;
    const betaScratch = testTwoVms.vms[1].memory[1].base + 0x100;
    const numbersPort = testTwoVms.ports.findIndex((p) => p.name === 'numbers');
    const latestPort = testTwoVms.ports.findIndex((p) => p.name === 'latest');
    const received: number[] = [];
    const codes: number[] = [];
    const sampled: number[][] = [];
    const version = new Uint32Array(3);
    let sent = 0;
    const writer = {
      step(g: SimGuest) {
        installGuestSimulation(simulatedGuest(g, alphaScratch, 256));
        if (sent === 0) {
          assert.equal(bhVersion(version), HvResult.Ok);
          assert.equal(bhConsoleWrite('hello from alpha\n'), HvResult.Ok);
        }
        for (let i = 0; i < 3 && sent < 9; i++, sent++) {
          assert.equal(bhQueuingSend(numbersPort, Uint8Array.of(sent, 0xa5), 2), HvResult.Ok);
          assert.equal(bhSamplingWrite(latestPort, Uint8Array.of(sent), 1), HvResult.Ok);
        }
        bhYield();
      },
    };
    const reader = {
      step(g: SimGuest) {
        installGuestSimulation(simulatedGuest(g, betaScratch, 256));
        const buffer = new Uint8Array(16);
        const values = new Uint32Array(3);
        while (bhQueuingReceive(numbersPort, buffer, values) === HvResult.Ok) {
          assert.equal(values[0], 2);
          assert.equal(buffer[1], 0xa5);
          received.push(buffer[0]);
        }
        const sample = new Uint8Array(4);
        if (bhSamplingRead(latestPort, sample, values) === HvResult.Ok)
          sampled.push([sample[0], values[0], values[2]]);
        codes.push(bhQueuingReceive(99, buffer, values));
        bhYield();
      },
    };
    const machine = new SimMachine(tables, [writer, reader]);
    machine.run(6 * 4);
    installGuestSimulation(null);
    assert.deepEqual(version, Uint32Array.of(0x00010000, 0, 2));
    assert.deepEqual(received, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.ok(sampled.length >= 3);
    assert.deepEqual(sampled[0], [2, 1, 1], 'latest message 2, length 1, valid');
    assert.ok(codes.includes(HvResult.BadPort));
    assert.match(machine.uart(0), /\[alpha\] hello from alpha\n/);
  });

  it('refuses to run without an installed simulation', () => {
    installGuestSimulation(null);
    assert.throws(() => bhYield(), /no guest simulation installed \(bhYield\)/);
  });
});
