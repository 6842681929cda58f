// Restarting the diagnostic VM does not disturb the control VM's timing (QEMU, -icount
// shift=0,sleep=off): the demo system with the `diag-restarter` test guest (tests/e2e/hil/fixtures/)
// in the diagnostic VM's place, which provokes an MPU violation every 200 ticks until three are
// logged; the demo's health policy cold-restarts the VM each time. Meanwhile the control guest runs
// its closed loop with the host vehicle model on UART2. From the trace stream (UART3, captured to a
// file from the first byte): three cold restarts of the diagnostic VM, and every slot switch of every
// major frame, before, during and after them, exactly on the plan's boundaries, with every record of
// the control VM inside its own windows. The control loop itself misses no period.
import assert from 'node:assert/strict';

import { HealthAction } from '../../../firmware/core/tables.ts';
import { PortOp } from '../../../firmware/core/trace.ts';
import demo from '../../../systems/demo.ts';
import { scheduleViolations } from '../hypervisor/helpers/traced-boot.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';
import { demoImage, runHil, type HilRun } from './helpers/hil-run.ts';

/** Guest folder (relative to guests/) of the test guest in the diagnostic VM's place. */
const RESTARTER = '../tests/e2e/hil/fixtures/diag-restarter';
const CONTROL = demo.vms.findIndex((vm) => vm.name === 'control');
const DIAG = demo.vms.findIndex((vm) => vm.name === 'diag');
const RESTARTS = 3;
/** The fixture's wait before each fault, ticks. */
const WAIT_TICKS = 200;
/** Model steps (control periods of 10 ticks): the restarts end near tick 600, then 400 ticks after. */
const STEPS = 100;
const HEALTH_EVENT_MPU_VIOLATION = 0;
const FRAME = demo.plans[0].majorFrame;
const VEHICLE_STATUS_PORT = demo.ports.findIndex((p) => p.name === 'vehicle_status');
/** Ticks of one control period at the demo's 1 ms tick. */
const PERIOD_TICKS = 10;

describe('HIL on QEMU: restarting the diagnostic VM leaves the control VM slot timing untouched (icount)', function () {
  this.timeout(120_000);
  let run: HilRun;
  before(async () => {
    requireQemuForTests();
    const image = await demoImage({ diag: RESTARTER });
    run = await runHil({ image, steps: STEPS, traceFileName: 'uart3-restart.txt' });
  });

  it('the diagnostic VM faulted and was cold-restarted three times, then ran on', () => {
    const actions = run.records.filter((r) => r.kind === 'A');
    assert.deepEqual(
      actions.map((r) => [r.vm, r.a]),
      new Array(RESTARTS).fill([DIAG, HealthAction.ColdRestart]),
    );
    const faults = run.records.filter((r) => r.kind === 'F');
    assert.deepEqual(
      faults.map((r) => [r.vm, r.a]),
      new Array(RESTARTS).fill([DIAG, HEALTH_EVENT_MPU_VIOLATION]),
    );
    const starts = [...run.console.matchAll(/^\[diag\] restarter: start, faults logged (\d+)$/gm)].map((m) =>
      Number(m[1]),
    );
    assert.deepEqual(starts, [0, 1, 2, 3], run.console);
    assert.match(run.console, /^\[diag\] restarter: done after 3 faults$/m);
    assert.doesNotMatch(run.console, /NOT STOPPED/);
    // Restarts spaced by the fixture's wait, and frames traced before, between and after them.
    const ticks = actions.map((r) => r.tick);
    assert.ok(ticks[0] >= WAIT_TICKS, `first restart at tick ${ticks[0]}`);
    ticks
      .slice(1)
      .forEach((t, i) => assert.ok(t - ticks[i] >= WAIT_TICKS, `restart ticks ${ticks.join(', ')}`));
    assert.ok(
      run.ticks - ticks[RESTARTS - 1] >= 10 * FRAME,
      `${run.ticks} ticks traced, last restart at ${ticks.at(-1)}`,
    );
  });

  it('every slot switch of every frame is on the plan boundary, before, during and after the restarts', () => {
    assert.ok(run.ticks >= (STEPS - 2) * FRAME, `trace covers ${run.ticks} ticks`);
    assert.deepEqual(scheduleViolations(demo, run.records, run.ticks), []);
    // The control VM's windows: one switch to it at the start of each frame, none elsewhere.
    const controlSwitches = run.records.filter((r) => r.kind === 'S' && r.vm === CONTROL).map((r) => r.tick);
    const frames = Math.ceil(run.ticks / FRAME);
    assert.deepEqual(
      controlSwitches,
      Array.from({ length: frames }, (_, i) => i * FRAME),
    );
  });

  it('the control loop served every period and reported no fault', () => {
    assert.equal(run.trace.length, STEPS);
    run.trace.forEach((s, i) => assert.equal(s.sequence, i, `step ${i}`));
    assert.doesNotMatch(run.console, /^\[control\] fault code=/m);
    assert.ok(run.trace[STEPS - 1].speedKmh > 5, 'the car accelerated');
    // One `vehicle_status` write per control period, every one exactly 10 ticks after the previous.
    const periodTicks = run.records
      .filter(
        (r) =>
          r.kind === 'P' && r.vm === CONTROL && r.a === (VEHICLE_STATUS_PORT | (PortOp.SamplingWrite << 16)),
      )
      .map((r) => r.tick);
    assert.ok(periodTicks.length >= STEPS - 2, `${periodTicks.length} periods traced`);
    periodTicks
      .slice(1)
      .forEach((t, i) => assert.equal(t - periodTicks[i], PERIOD_TICKS, `period ${i + 1} starts on time`));
  });
});
