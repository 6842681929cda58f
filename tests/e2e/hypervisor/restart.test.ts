// Restart policy on QEMU (-icount shift=0), system systems/test-cold-restart.ts: the rewrite-code guest
// overwrites a word of its own linked image, then faults. A cold restart brings the word back to its
// linked value (the pristine copy linked into the image was copied over the code area,
// firmware/port/c/pristine.c); a warm restart of the same system leaves it overwritten. Either way the
// restart limit halts the VM and the other VM keeps every slot.
import assert from 'node:assert/strict';

import type { SystemDescription } from '../../../firmware/config/types.ts';
import { HealthAction } from '../../../firmware/core/tables.ts';
import testColdRestart from '../../../systems/test-cold-restart.ts';
import { bootTraced, scheduleViolations } from './helpers/traced-boot.ts';

const TICKS = 36;
const ALPHA = 0;

function startLines(console: string): string[] {
  return [...console.matchAll(/^\[alpha\] rewrite: start (\d+) word (0x[0-9a-f]{8})$/gm)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
}

describe('hypervisor on QEMU: cold and warm restart', function () {
  this.timeout(120_000);

  it('a cold restart restores the VM image from its pristine copy', async () => {
    const run = await bootTraced(testColdRestart, TICKS);
    assert.deepEqual(startLines(run.console), ['0 0x11111111', '1 0x11111111', '2 0x11111111']);
    assert.equal(run.console.match(/rewrite: now 0x22222222/g)?.length, 3);
    assert.doesNotMatch(run.console, /NOT STOPPED/);
    assert.deepEqual(
      run.trace.filter((r) => r.kind === 'A').map((r) => [r.vm, r.a]),
      [
        [ALPHA, HealthAction.ColdRestart],
        [ALPHA, HealthAction.ColdRestart],
        [ALPHA, HealthAction.Halt],
      ],
    );
    assert.deepEqual(scheduleViolations(testColdRestart, run.trace, TICKS), []);
  });

  it('a warm restart keeps the overwritten image (the contrast that shows the copy is what restores it)', async () => {
    const warm: SystemDescription = {
      ...testColdRestart,
      name: 'test-warm-restart',
      vms: testColdRestart.vms.map((vm) => ({
        ...vm,
        health: { ...vm.health, actions: { ...vm.health.actions, 'mpu-violation': 'warm-restart' } },
      })),
    };
    const run = await bootTraced(warm, TICKS);
    assert.deepEqual(startLines(run.console), ['0 0x11111111', '1 0x22222222', '2 0x22222222']);
    assert.deepEqual(
      run.trace.filter((r) => r.kind === 'A').map((r) => r.a),
      [HealthAction.WarmRestart, HealthAction.WarmRestart, HealthAction.Halt],
    );
  });
});
