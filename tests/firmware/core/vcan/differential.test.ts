// Differential test of the virtual CAN bus: one scenario (fixtures/vcan-scenario.ts, in the subset)
// drives the bus with pseudo-random host input and VM sends/receives. It runs in Node against the
// simulated port layer and, transpiled to C, natively with the core's host port layer
// (tests/firmware/core/fixtures/host-port.c). Both must write byte-identical UART output: every SLCAN
// reply and frame line, every hypercall result and received frame, and the final counters.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { tablesOf } from '../support.ts';
import { runScenarioInNode, runScenarioNativelyOrExplain } from '../../support/scenario-runs.ts';
import { runVcanScenario } from './fixtures/vcan-scenario.ts';
import { busSystem } from './support.ts';

const ROUNDS = 3000;
const OUT = resolve(`out/test/vcan-differential-${process.pid}`);

const NATIVE_SCENARIO = {
  outDir: OUT,
  scenarioFile: 'tests/firmware/core/vcan/fixtures/vcan-scenario.ts',
  entry: 'runVcanScenario',
  argument: ROUNDS,
  tag: 'vcan-differential',
};

describe('firmware/core/vcan differential: Node simulation vs transpiled C', function () {
  this.timeout(120_000);
  after(() => rmSync(OUT, { recursive: true, force: true }));

  it('writes the same SLCAN replies, frames, call results and counters from both executions', () => {
    const tables = tablesOf(busSystem());
    const node = runScenarioInNode(tables, () => runVcanScenario(ROUNDS));
    // The scenario exercises what it claims to: replies of every kind, frames both ways, refusals.
    const bus = node.split('== uart 1\n')[1]?.split('== uart 2\n')[0] ?? '';
    for (const wanted of ['\x07', 'z\r', 'Z\r'])
      assert.ok(bus.includes(wanted), `bus output has ${JSON.stringify(wanted)}`);
    assert.match(bus, /\rt[0-9A-F]{3}[0-8]/, 'standard frames from the VMs reach the host');
    assert.match(bus, /\rT[0-9A-F]{8}[0-8]/, 'extended frames from the VMs reach the host');
    const results = node.split('== uart 2\n')[1] ?? '';
    for (const code of ['A', 'G', 'Q', 'a', 'i'])
      assert.ok(results.includes(code), `VM calls gave result ${code}`);
    const native = runScenarioNativelyOrExplain(tables, NATIVE_SCENARIO);
    assert.equal(native, node);
  });
});
