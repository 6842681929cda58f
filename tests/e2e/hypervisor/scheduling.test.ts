// The hypervisor image of systems/test-two-vms.ts on QEMU (-icount shift=0): (a) two VMs alternate
// exactly at the configured slot boundaries, checked from the trace stream on UART3; (c) a VM that
// spins forever without a hypercall loses the CPU at its slot end, and the other VM keeps every slot.
import assert from 'node:assert/strict';

import testTwoVms from '../../../systems/test-two-vms.ts';
import { bootTraced, NO_VM, scheduleViolations, slotOwners } from './helpers/traced-boot.ts';

const TICKS = 120;
const ALPHA = 0;
const BETA = 1;

describe('hypervisor on QEMU: cyclic schedule', function () {
  this.timeout(120_000);

  it('two VMs alternate exactly at the slot boundaries of the plan', async () => {
    const run = await bootTraced(testTwoVms, TICKS, { guests: { alpha: 'test/ping', beta: 'test/ping' } });
    assert.deepEqual(scheduleViolations(testTwoVms, run.trace, TICKS), []);
    const switches = run.trace.filter((r) => r.kind === 'S');
    // 6-tick frame: alpha at 0, beta at 2, idle gap at 5, in every one of the 20 frames.
    assert.equal(switches.length, (TICKS / 6) * 3);
    assert.deepEqual(
      switches.slice(0, 6).map((s) => [s.tick, s.vm]),
      [
        [0, ALPHA],
        [2, BETA],
        [5, NO_VM],
        [6, ALPHA],
        [8, BETA],
        [11, NO_VM],
      ],
    );
    // Each VM ran (printed through the console hypercall) in every one of its windows.
    for (const vm of [ALPHA, BETA]) {
      const frames = new Set(
        run.trace.filter((r) => r.kind === 'H' && r.vm === vm).map((r) => Math.floor(r.tick / 6)),
      );
      assert.equal(frames.size, TICKS / 6, `VM ${vm} ran in ${frames.size} of ${TICKS / 6} frames`);
    }
    assert.match(run.console, /^\[alpha\] ping 1 /m);
    assert.match(run.console, /^\[beta\] ping 19 /m);
  });

  it('a VM spinning forever loses the CPU at its slot end', async () => {
    const run = await bootTraced(testTwoVms, TICKS, { guests: { alpha: 'test/spin', beta: 'test/ping' } });
    assert.deepEqual(scheduleViolations(testTwoVms, run.trace, TICKS), []);
    const { owners } = slotOwners(testTwoVms);
    // The spinner never yields: the only way beta gets its windows is the tick taking the CPU away.
    const betaFrames = new Set(
      run.trace.filter((r) => r.kind === 'H' && r.vm === BETA).map((r) => Math.floor(r.tick / owners.length)),
    );
    assert.equal(betaFrames.size, TICKS / owners.length);
    assert.equal(run.console.match(/spin: start/g)?.length, 1, 'the spinner is never restarted');
    assert.equal(run.trace.filter((r) => r.kind === 'F').length, 0, 'spinning is not a fault');
    const alphaSwitches = run.trace.filter((r) => r.kind === 'S' && r.vm === ALPHA).length;
    assert.equal(alphaSwitches, TICKS / owners.length, 'the spinner still gets each of its own windows');
  });
});
