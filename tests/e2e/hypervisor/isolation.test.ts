// MPU isolation on QEMU (-icount shift=0), system systems/test-isolation.ts: the intruder VM (alpha)
// writes into beta's data area, then into the hypervisor; each write is stopped by the MPU (data
// abort), logged with the faulting address in the trace (F record) and answered per policy (cold
// restart from the pristine image, 3 times, then halt), while beta never misses one of its slots.
import assert from 'node:assert/strict';

import { getBoard } from '../../../firmware/config/boards.ts';
import { HealthAction, HealthEvent } from '../../../firmware/core/tables.ts';
import testIsolation from '../../../systems/test-isolation.ts';
import { bootTraced, scheduleViolations, testedSystem } from './helpers/traced-boot.ts';

const TICKS = 60;
const ALPHA = 0;
const BETA = 1;
/** The system as it runs (moved to another board under `npm run test:boards`). */
const system = testedSystem(testIsolation);
const BETA_DATA_BASE = system.vms[1].memory.find((m) => m.name === 'data')!.base;
/** The word the intruder writes in the hypervisor (guests/test/intruder/main.c): 0x100 into its image. */
const HYPERVISOR_WORD = getBoard(system.board).hypervisor.base + 0x100;

describe('hypervisor on QEMU: MPU isolation and restart policy', function () {
  this.timeout(120_000);

  it('stops writes into another VM and into the hypervisor, restarts the offender, keeps the other VM on time', async () => {
    const run = await bootTraced(testIsolation, TICKS, {
      guestDefines: {
        alpha: {
          BH_INTRUDER_TARGET: 'BH_VM_BETA_AREA_DATA_BASE',
          BH_INTRUDER_HYPERVISOR_WORD: `0x${HYPERVISOR_WORD.toString(16)}u`,
        },
      },
    });
    assert.doesNotMatch(run.console, /NOT STOPPED/);
    const faults = run.trace.filter((r) => r.kind === 'F');
    const actions = run.trace.filter((r) => r.kind === 'A');
    assert.deepEqual(
      faults.map((f) => [f.vm, f.a, f.b]),
      [
        [ALPHA, HealthEvent.MpuViolation, BETA_DATA_BASE],
        [ALPHA, HealthEvent.MpuViolation, HYPERVISOR_WORD],
        [ALPHA, HealthEvent.MpuViolation, BETA_DATA_BASE],
        [ALPHA, HealthEvent.MpuViolation, HYPERVISOR_WORD],
      ],
      `faults: ${JSON.stringify(faults)}`,
    );
    assert.deepEqual(
      actions.map((a) => [a.vm, a.a]),
      [
        [ALPHA, HealthAction.ColdRestart],
        [ALPHA, HealthAction.ColdRestart],
        [ALPHA, HealthAction.ColdRestart],
        [ALPHA, HealthAction.Halt],
      ],
      `actions: ${JSON.stringify(actions)}`,
    );
    // Every restart ran the guest again from its entry (restored code), announcing the next attempt.
    for (const attempt of [0, 1, 2, 3])
      assert.match(run.console, new RegExp(`^\\[alpha\\] intruder: attempt ${attempt} `, 'm'));
    assert.deepEqual(scheduleViolations(testIsolation, run.trace, TICKS), []);
    const betaFrames = new Set(
      run.trace.filter((r) => r.kind === 'H' && r.vm === BETA).map((r) => Math.floor(r.tick / 6)),
    );
    assert.equal(betaFrames.size, TICKS / 6, 'beta ran in every frame');
    assert.match(run.console, new RegExp(`^\\[beta\\] ping ${TICKS / 6 - 1} `, 'm'));
  });
});
