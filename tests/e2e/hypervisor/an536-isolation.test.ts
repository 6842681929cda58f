// EL2 MPU isolation on the Cortex-R52 (QEMU 10 `-M mps3-an536`, -icount shift=0): the `intruder` test
// guest at EL1 writes into its neighbour's data area and into the hypervisor; with the VM's HPRBAR/HPRLAR
// pairs in the EL2 MPU and HCR.VM set (firmware/port/c/armv8r/), each write aborts to EL2, is logged as
// an MPU violation with its address and cold-restarts the intruder (its image copied back from the
// pristine copy with the guest's EL2 regions taken out, firmware/port/c/pristine.c) up to its restart
// limit, then halts it, while the neighbour keeps printing.
import assert from 'node:assert/strict';

import type { SystemDescription } from '../../../firmware/config/types.ts';
import { HealthAction, HealthEvent } from '../../../firmware/core/tables.ts';
import { codeDataVm, consoleOn, KiB } from '../../../systems/parts.ts';
import { bootTraced, scheduleViolations } from './helpers/traced-boot.ts';

const TICKS = 60;
const ALPHA = 0;
const AREA = 64 * KiB;
const BETA_DATA_BASE = 0x2013_0000;
/** A word of the hypervisor's data (its first MiB of DDR). */
const HYPERVISOR_WORD = 0x2008_0000;

const system: SystemDescription = {
  name: 'test-isolation-an536',
  board: 'mps3-an536',
  tickMicroseconds: 1000,
  vms: [
    codeDataVm({
      name: 'alpha',
      image: 'test/intruder',
      code: { base: 0x2010_0000, size: AREA },
      data: { base: 0x2011_0000, size: AREA },
      health: {
        actions: { 'mpu-violation': 'cold-restart' },
        defaultAction: 'halt',
        restartLimit: 3,
        watchdogTicks: 0,
      },
    }),
    codeDataVm({
      name: 'beta',
      image: 'test/ping',
      code: { base: 0x2012_0000, size: AREA },
      data: { base: BETA_DATA_BASE, size: AREA },
      health: { actions: {}, defaultAction: 'halt', restartLimit: 0, watchdogTicks: 0 },
    }),
  ],
  plans: [
    {
      name: 'main',
      majorFrame: 6,
      slots: [
        { vm: 'alpha', start: 0, duration: 2 },
        { vm: 'beta', start: 2, duration: 3 },
      ],
    },
  ],
  ports: [],
  console: consoleOn(0, ['alpha', 'beta']),
  vcanUart: -1,
  traceUart: 3,
};

describe('hypervisor on QEMU mps3-an536: the EL2 MPU confines a guest at EL1', function () {
  this.timeout(180_000);

  it('stops writes into another VM and into the hypervisor, restarts then halts the offender', async () => {
    const run = await bootTraced(system, TICKS, {
      guestDefines: {
        alpha: {
          BH_INTRUDER_TARGET: 'BH_VM_BETA_AREA_DATA_BASE',
          BH_INTRUDER_HYPERVISOR_WORD: `0x${HYPERVISOR_WORD.toString(16)}u`,
        },
      },
    });
    assert.doesNotMatch(run.console, /NOT STOPPED/);
    const faults = run.trace.filter((r) => r.kind === 'F');
    assert.deepEqual(
      faults.map((f) => [f.vm, f.a, f.b]),
      [
        [ALPHA, HealthEvent.MpuViolation, BETA_DATA_BASE],
        [ALPHA, HealthEvent.MpuViolation, HYPERVISOR_WORD],
        [ALPHA, HealthEvent.MpuViolation, BETA_DATA_BASE],
        [ALPHA, HealthEvent.MpuViolation, HYPERVISOR_WORD],
      ],
      `faults: ${JSON.stringify(faults)}\nconsole:\n${run.console}`,
    );
    assert.deepEqual(
      run.trace.filter((r) => r.kind === 'A').map((a) => [a.vm, a.a]),
      [
        [ALPHA, HealthAction.ColdRestart],
        [ALPHA, HealthAction.ColdRestart],
        [ALPHA, HealthAction.ColdRestart],
        [ALPHA, HealthAction.Halt],
      ],
    );
    assert.deepEqual(scheduleViolations(system, run.trace, TICKS), []);
    assert.match(run.console, /^\[beta\] ping 5 /m, 'the neighbour keeps running');
  });
});
