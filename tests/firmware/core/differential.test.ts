// Differential test of the core: one scenario (fixtures/scenario.ts, in the subset) drives the real
// core through hypercalls, an abort, a device interrupt, timers, waits and a plan switch. It runs once
// in Node against the simulated port layer and once transpiled to C and compiled natively with the
// host port layer (fixtures/host-port.c). Both runs must produce byte-identical UART output: the trace
// stream (every slot switch, hypercall, port operation, fault and action) and the console.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { queuingPort, samplingPort } from '../../../systems/parts.ts';
import { backToBackPlan } from '../support/plans.ts';
import { runScenarioInNode, runScenarioNativelyOrExplain } from '../support/scenario-runs.ts';
import { runScenario } from './fixtures/scenario.ts';
import { system, tablesOf, vm } from './support.ts';

const TICKS = 40;
const OUT = resolve('out/test/firmware-core-differential');

const desc = system({
  vms: [
    vm(0, 'a', {
      health: {
        actions: { 'mpu-violation': 'warm-restart' },
        defaultAction: 'log',
        restartLimit: 1,
        watchdogTicks: 0,
      },
    }),
    vm(1, 'b', { capabilities: ['switch-plan'] }),
    vm(2, 'c', { devices: [{ device: 'uart2', virq: 8 }] }),
  ],
  plans: [
    backToBackPlan('p0', 6, [
      ['a', 2],
      ['b', 2],
      ['c', 2],
    ]),
    backToBackPlan('p1', 6, [
      ['c', 2],
      ['b', 2],
      ['a', 1],
    ]),
  ],
  ports: [
    queuingPort({ name: 'q', source: 'a', destinations: ['b'], maxMessageSize: 16, depth: 4 }),
    samplingPort({ name: 's', source: 'a', destinations: ['b'], maxMessageSize: 8, refreshTicks: 3 }),
  ],
});

const NATIVE_SCENARIO = {
  outDir: OUT,
  scenarioFile: 'tests/firmware/core/fixtures/scenario.ts',
  entry: 'runScenario',
  argument: TICKS,
  tag: 'differential',
};

describe('firmware/core differential: Node simulation vs transpiled C', function () {
  this.timeout(120_000);

  it('streams the same trace and console bytes from both executions', function () {
    const tables = tablesOf(desc);
    const node = runScenarioInNode(tables, () => runScenario(TICKS), { snapshotPristine: true });
    // The scenario exercises what it claims to.
    for (const kind of [' S ', ' H ', ' P ', ' F ', ' A ', ' I ', ' L ', ' V '])
      assert.ok(node.includes(kind), `trace has${kind}events`);
    assert.ok(node.includes('[a] a!\n'));
    const native = runScenarioNativelyOrExplain(tables, NATIVE_SCENARIO);
    assert.equal(native, node);
  });
});
