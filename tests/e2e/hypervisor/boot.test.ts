// The smallest hypervisor image on QEMU (-icount shift=0), system systems/test-one-vm.ts: the VM starts
// and prints through the console hypercall once per slot (console lines prefixed with the
// VM's name), the trace stream starts with the VM becoming ready and the first slot switch, and two boots
// of the same image give byte-identical traces (determinism under icount).
import assert from 'node:assert/strict';

import testOneVm from '../../../systems/test-one-vm.ts';
import { bootTraced, NO_VM, scheduleViolations } from './helpers/traced-boot.ts';

const TICKS = 40;
const SOLO = 0;
/** VmState.Ready in V records (docs/ARCHITECTURE.md "Trace format"). */
const READY = 1;

describe('hypervisor on QEMU: one VM boots', function () {
  this.timeout(120_000);

  it('starts the VM, which prints through the console hypercall in each of its slots', async () => {
    const run = await bootTraced(testOneVm, TICKS);
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
    assert.deepEqual(scheduleViolations(testOneVm, run.trace, TICKS), []);
    assert.equal(run.trace.filter((r) => r.kind === 'F').length, 0);
  });

  it('gives the same trace on every boot', async () => {
    const first = await bootTraced(testOneVm, TICKS);
    const second = await bootTraced(testOneVm, TICKS);
    assert.ok(first.trace.length > TICKS / 2);
    assert.deepEqual(second.trace, first.trace);
  });
});
