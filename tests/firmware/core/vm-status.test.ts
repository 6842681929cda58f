// The VmStatus hypercall's pages (docs/HYPERCALLS.md): page 0 (r1 = 0, what callers that predate
// the pages pass) returns state, health restarts and ticks run; page 1 returns state, starts since boot
// and health events raised against the VM, straight from the partition's counters; page 2 the VM's
// fault-log and trace losses (tests/firmware/core/isolation.test.ts); any other page is BadArgument
// without a health event. Runs the real core in the Node simulation.
import assert from 'node:assert/strict';
import { faultLogCount } from '../../../firmware/core/health.ts';
import { Hypercall, HvResult, VmStatusPage, VmState } from '../../../firmware/core/hypercall-numbers.ts';
import { partitionOf } from '../../../firmware/core/partition.ts';
import type { HypercallResult } from '../../../firmware/sim/machine.ts';
import { codeBase, machine, scripted, system, vm } from './support.ts';

const words = (r: HypercallResult): number[] => [r.r0, r.r1, r.r2, r.r3];

describe('firmware/core VmStatus pages', () => {
  it('page 1 reports the partition starts and faults; page 0 stays as before; other pages are refused', () => {
    const desc = system({ vms: [vm(0, 'a', { capabilities: ['vm-status', 'restart-vm'] }), vm(1, 'b')] });
    const seen: Record<string, number[]> = {};
    let faultsBeforeBadPage = -1;
    let faultsAfterBadPage = -1;
    const a = scripted({
      0: (g) => {
        seen.selfAtBoot = words(g.call(Hypercall.VmStatus, 0, VmStatusPage.Counters));
      },
      6: (g) => {
        seen.countersSuspended = words(g.call(Hypercall.VmStatus, 1, VmStatusPage.Counters));
        seen.statusSuspended = words(g.call(Hypercall.VmStatus, 1, VmStatusPage.Status));
        seen.ticksRunByB = [partitionOf(1).ticksRun];
        g.call(Hypercall.VmRestart, 1, 0);
        seen.countersRestarted = words(g.call(Hypercall.VmStatus, 1, VmStatusPage.Counters));
        faultsBeforeBadPage = faultLogCount();
        seen.badPage = [g.call(Hypercall.VmStatus, 1, 3).r0, g.call(Hypercall.VmStatus, 1, 0xffffffff).r0];
        faultsAfterBadPage = faultLogCount();
      },
    });
    const b = scripted({ 3: (g) => g.undefinedInstruction(codeBase(1) + 0x10) });
    const m = machine(desc, [a, b]);
    m.run(7);
    assert.deepEqual(
      seen.selfAtBoot,
      [HvResult.Ok, VmState.Running, 1, 0],
      'self at boot: one start, no fault',
    );
    assert.deepEqual(seen.countersSuspended, [HvResult.Ok, VmState.Suspended, 1, 1], 'b after its fault');
    assert.deepEqual(
      seen.statusSuspended,
      [HvResult.Ok, VmState.Suspended, 0, seen.ticksRunByB[0]],
      'page 0 unchanged',
    );
    assert.deepEqual(
      seen.countersRestarted,
      [HvResult.Ok, VmState.Ready, 2, 1],
      'a requested restart is a start',
    );
    assert.deepEqual(seen.badPage, [HvResult.BadArgument, HvResult.BadArgument]);
    assert.equal(faultsAfterBadPage, faultsBeforeBadPage, 'an unknown page raises no health event');
    assert.equal(partitionOf(1).starts, 2);
    assert.equal(partitionOf(1).faults, 1);
  });

  it('page 1 of another VM needs the vm-status capability, like page 0', () => {
    let results: number[] = [];
    const a = scripted({
      0: (g) => {
        results = [
          g.call(Hypercall.VmStatus, 1, VmStatusPage.Counters).r0,
          g.call(Hypercall.VmStatus, 1, VmStatusPage.Status).r0,
        ];
      },
    });
    machine(system(), [a, scripted()]).run(1);
    assert.deepEqual(results, [HvResult.NoCapability, HvResult.NoCapability]);
  });
});
