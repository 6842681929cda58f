// Node tests of the `VmRestart` hypercall against the image integrity check, on the simulated machine:
// a cold restart requested by a VM with the `restart-vm` capability, or by a VM of itself, is accepted
// (`Ok`) and done in the target's own slots (restart.ts); it starts the target from its pristine copy
// only when that copy matches the build's digest; a corrupted copy is refused like a health-monitor
// cold restart (integrity event with the expected and found digests, console line, target left halted),
// which the VM that asked sees in the target's state (VmStatus: Halted, not Ready); a warm restart
// (which copies no image) is not checked.
// The refused restarts are recorded with recordReliability (suite `vm-restart-integrity`).
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';

import { faultLogCount } from '../../../firmware/core/health.ts';
import { Hypercall, HvResult, VmStatusPage, VmState } from '../../../firmware/core/hypercall-numbers.ts';
import { partitionOf } from '../../../firmware/core/partition.ts';
import { HealthAction, HealthEvent } from '../../../firmware/core/tables.ts';
import type { GuestProgram, HypercallResult, SimGuest } from '../../../firmware/sim/machine.ts';
import { recordReliability } from '../../reliability/record.ts';
import { machine, scripted, system, vm } from './support.ts';
import { faultEntry, hex8, simImage } from './fault-log.ts';

interface Image {
  running: Uint8Array;
  pristine: Uint8Array;
  expected: number;
}
const COLD = 1;

function imageOf(length: number, seed: number): Image {
  return simImage(Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff));
}

function faultEntries(): { vm: number; event: number; action: number; address: number; detail: number }[] {
  return Array.from({ length: faultLogCount() }, (_, seq) => {
    const { vm, event, action, address, detail } = faultEntry(seq);
    return { vm, event, action, address, detail };
  });
}

/** VM a counts its starts; VM b (capability `restart-vm`) runs `action` at tick 3. */
function run(
  corrupt: boolean,
  action: (g: SimGuest) => HypercallResult | undefined,
  aProgram?: (g: SimGuest) => void,
) {
  const image = imageOf(256, 7);
  let starts = 0;
  const a: GuestProgram = { start: () => void starts++, step: (g) => aProgram?.(g) };
  let answer: HypercallResult | undefined;
  const b = scripted({ 3: (g) => void (answer = action(g)) });
  const desc = system({ vms: [vm(0, 'a'), vm(1, 'b', { capabilities: ['restart-vm', 'vm-status'] })] });
  const m = machine(desc, [a, b], { selfCheckImages: [image, imageOf(64, 9)] });
  m.run(3);
  if (corrupt) image.pristine[40] = image.pristine[40] ^ 0x10;
  // b asks at tick 3; a's restart runs at tick 6, in a's own slot; a runs again at tick 7.
  m.run(5);
  return { m, image, starts: () => starts, answer: () => answer };
}

describe('firmware/core VmRestart: cold restarts go through the image integrity check', () => {
  /** Refusal cases that passed (the requester: another VM, the VM itself). */
  const refused = new Set<string>();

  after(() => {
    recordReliability({
      suite: 'vm-restart-integrity',
      title: 'Cold restarts requested by hypercall from a corrupted pristine image (Node simulation)',
      entries: [
        {
          category: 'fault',
          name: 'pristine image copy corrupted before a VmRestart cold request (by another VM, by the VM itself)',
          count: 2,
          outcome:
            `${refused.size} of 2 refused: integrity event with the expected and found digests, console line, ` +
            'target halted, the requester runs on and sees the target halted (VmStatus)',
          hypervisorFailures: 2 - refused.size,
          lostMessages: 0,
        },
      ],
    });
  });

  it('cold-restarts another VM whose pristine copy is intact', () => {
    const r = run(false, (g) => g.call(Hypercall.VmRestart, 0, COLD));
    assert.equal(r.answer()?.r0, HvResult.Ok);
    assert.equal(r.starts(), 2, 'started at boot and again by the restart');
    assert.deepEqual(faultEntries(), []);
  });

  it('refuses a requested cold restart of another VM from a corrupted pristine copy: integrity event, target halted, seen by the requester', () => {
    let status: HypercallResult | undefined;
    const r = run(true, (g) => g.call(Hypercall.VmRestart, 0, COLD));
    assert.equal(
      r.answer()?.r0,
      HvResult.Ok,
      "the request is accepted: the check runs in the target's slots",
    );
    r.m.programs[1] = scripted({
      9: (g) => void (status = g.call(Hypercall.VmStatus, 0, VmStatusPage.Status)),
    });
    r.m.run(2);
    assert.deepEqual(
      [status?.r0, status?.r1],
      [HvResult.Ok, VmState.Halted],
      'the requester sees the refusal',
    );
    assert.equal(r.starts(), 1, 'not started again');
    assert.equal(partitionOf(0).state, VmState.Halted);
    assert.equal(partitionOf(1).state !== VmState.Halted, true, 'the requesting VM runs on');
    const found = crc32(r.image.pristine) >>> 0;
    assert.deepEqual(faultEntries(), [
      {
        vm: 0,
        event: HealthEvent.Integrity,
        action: HealthAction.Halt,
        address: r.image.expected,
        detail: found,
      },
    ]);
    assert.match(
      r.m.uart(0),
      new RegExp(
        `^hv: a image integrity check failed: digest ${hex8(found)} expected ${hex8(r.image.expected)}, not started$`,
        'm',
      ),
    );
    refused.add('other VM');
  });

  it('refuses a VM its own cold restart from a corrupted pristine copy', () => {
    let asked = false;
    const r = run(
      true,
      () => undefined,
      (g) => {
        if (g.machine.ticks === 6 && !asked) {
          asked = true;
          g.call(Hypercall.VmRestart, 0, COLD);
        }
      },
    );
    assert.ok(asked, 'VM a asked for its cold restart');
    assert.equal(r.starts(), 1, 'not started again');
    assert.equal(partitionOf(0).state, VmState.Halted);
    assert.deepEqual(
      faultEntries().map((f) => [f.vm, f.event, f.action]),
      [[0, HealthEvent.Integrity, HealthAction.Halt]],
    );
    refused.add('itself');
  });

  it('refuses every cold request while the copy stays corrupted, and restarts again once it is repaired', () => {
    const answers: number[] = [];
    const r = run(true, (g) => {
      const first = g.call(Hypercall.VmRestart, 0, COLD);
      answers.push(first.r0);
      return first;
    });
    // b asks again in its next slot (ticks 9-10 of the 6-tick frame); a's slot at 12 refuses it again.
    r.m.programs[1] = scripted({ 9: (g) => void answers.push(g.call(Hypercall.VmRestart, 0, COLD).r0) });
    r.m.run(6);
    assert.deepEqual(answers, [HvResult.Ok, HvResult.Ok]);
    assert.equal(r.starts(), 1);
    assert.equal(faultEntries().length, 2, 'one integrity event per refused request');
    // Repaired copy; b asks in its slot at 15, a's restart runs at 18 and a runs again from tick 19.
    r.image.pristine[40] = r.image.pristine[40] ^ 0x10;
    let repaired: HypercallResult | undefined;
    r.m.programs[1] = scripted({ 15: (g) => void (repaired = g.call(Hypercall.VmRestart, 0, COLD)) });
    r.m.run(6);
    assert.equal(repaired?.r0, HvResult.Ok);
    assert.equal(r.starts(), 2, 'started from the repaired copy');
    assert.notEqual(partitionOf(0).state, VmState.Halted);
  });
});
