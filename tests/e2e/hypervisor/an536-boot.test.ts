// The smallest hypervisor image on the Cortex-R52 (QEMU 10 `-M mps3-an536`, -icount shift=0), system
// systems/test-one-vm-an536.ts, built with the Armv8-R port while the board's CPU is not yet marked as
// hosting the core: the VM starts at EL1 in SYS mode, prints through the console hypercall (HVC) once
// per slot, and the slot switches follow the plan as on the Cortex-R5F (tests/e2e/hypervisor/
// boot.test.ts). The idle thread runs in Hyp mode; the VM's regions in the EL2 MPU confine EL1 (HCR.VM).
import assert from 'node:assert/strict';

import testOneVmAn536 from '../../../systems/test-one-vm-an536.ts';
import { bootTraced, NO_VM, scheduleViolations } from './helpers/traced-boot.ts';

const TICKS = 40;
const SOLO = 0;
/** VmState.Ready in V records (docs/ARCHITECTURE.md "Trace format"). */
const READY = 1;

describe('hypervisor on QEMU mps3-an536 (Cortex-R52 at EL2): one VM boots at EL1', function () {
  this.timeout(180_000);

  it('starts the VM, which prints through the HVC console hypercall in each of its slots', async () => {
    const run = await bootTraced(testOneVmAn536, TICKS);
    const pings = [...run.console.matchAll(/^\[solo\] ping (\d+) tick (\d+)$/gm)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    assert.deepEqual(
      pings.slice(0, TICKS / 4),
      Array.from({ length: TICKS / 4 }, (_, frame) => [frame, frame * 4]),
    );
    assert.deepEqual(
      run.trace.slice(0, 2).map((r) => [r.kind, r.vm, r.a]),
      [
        ['V', SOLO, READY],
        ['S', SOLO, 0],
      ],
    );
    assert.ok(
      run.trace.some((r) => r.kind === 'S' && r.vm === NO_VM && r.tick === 2),
      'idle from tick 2',
    );
    assert.deepEqual(scheduleViolations(testOneVmAn536, run.trace, TICKS), []);
    assert.equal(run.trace.filter((r) => r.kind === 'F').length, 0, 'no fault');
  });
});
