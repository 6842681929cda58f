// Node tests of the hypervisor's self-checks and integrity checks, on the simulated machine: the core's
// CRC-32 against zlib's, images refused at boot and at cold restart (fault-log entry with the expected
// and found digests, console line, VM left halted, the other VM unaffected), the per-frame interrupt
// budget (forwarded up to the budget, then masked until the next major frame, `irq-storm` logged),
// and the invariants (stack canary and structure failures reported once with their console line and
// an internal-error event, the idle thread's canary only at major-frame starts; the periodic
// `hv: invariants ok` report). Images and their digests and the stack canaries come from the port
// simulation (`selfCheckImages`, `canariesBroken`, `idleCanaryBroken`); interrupt budgets and the report
// period from the system description, through the tables.
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';

import { FAULT_WORD_WHO, faultLogCount, faultLogWord } from '../../../firmware/core/health.ts';
import { Hypercall, VmState } from '../../../firmware/core/hypercall-numbers.ts';
import { CRC32_POLYNOMIAL, CRC32_TABLE, crc32Update } from '../../../firmware/core/crc32.ts';
import { ImageCopy, imageDigest } from '../../../firmware/core/integrity.ts';
import { invariantChecksRun, invariantFailedMask, Invariant } from '../../../firmware/core/invariants.ts';
import { NO_VM } from '../../../firmware/core/limits.ts';
import { partitionOf } from '../../../firmware/core/partition.ts';
import { HealthAction, HealthEvent } from '../../../firmware/core/tables.ts';
import { irqStormCount, irqStormMaskedRoutes } from '../../../firmware/core/virq.ts';
import type { SimGuest } from '../../../firmware/sim/machine.ts';
import { getBoard } from '../../../firmware/config/boards.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';
import { validateSystem } from '../../../firmware/config/validate.ts';
import { dataBase, machine, scripted, system, vm } from './support.ts';
import { hex8, lastFaultEntry, simImage } from './fault-log.ts';

const UART2_GIC_ID = 32 + 14;
const UART2_VIRQ = 8;

function randomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

const imageOf = simImage;

function lastFault(): { vm: number; event: number; action: number; address: number; detail: number } {
  const { vm, event, action, address, detail } = lastFaultEntry();
  return { vm, event, action, address, detail };
}

/** One console line and one internal-error fault for the broken canaries `detail` (a stack bit mask). */
function assertCanaryReportedOnce(console: string, detail: number): void {
  const line = `hv: invariant stack-canary failed ${hex8(detail)}`;
  assert.equal(console.split('\n').filter((l) => l === line).length, 1, line);
  assert.equal(invariantFailedMask(), 1 << Invariant.StackCanary);
  assert.deepEqual(lastFault(), {
    vm: NO_VM,
    event: HealthEvent.InternalError,
    action: HealthAction.Log,
    address: Invariant.StackCanary,
    detail,
  });
}

describe('firmware/core self-checks: image integrity, interrupt budget, invariants', () => {
  it('holds the CRC-32 table the polynomial gives, entry by entry', () => {
    CRC32_TABLE.forEach((entry, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (CRC32_POLYNOMIAL ^ (c >>> 1)) >>> 0 : c >>> 1;
      assert.equal(entry, c, `entry ${n}`);
    });
    assert.equal(CRC32_TABLE.length, 256);
  });

  it('computes the CRC-32 zlib computes, over any chunking', () => {
    const m = machine(system(), []);
    for (const length of [0, 1, 63, 64, 65, 1000, 4099]) {
      const bytes = randomBytes(length, length + 7);
      m.sim.imageOverrides[0] = imageOf(bytes);
      assert.equal(imageDigest(0, ImageCopy.Pristine), crc32(bytes) >>> 0, `length ${length}`);
      const direct = (crc32Update(0xffffffff, bytes, length) ^ 0xffffffff) >>> 0;
      assert.equal(direct, crc32(bytes) >>> 0);
    }
    assert.equal(
      (crc32Update(0xffffffff, new TextEncoder().encode('123456789'), 9) ^ 0xffffffff) >>> 0,
      0xcbf43926,
      'the CRC-32 check value',
    );
  });

  it('refuses at boot a VM whose pristine copy does not match its digest; the other VM runs', () => {
    const good = imageOf(randomBytes(300, 1));
    const bad = imageOf(randomBytes(200, 2));
    bad.pristine[17] = bad.pristine[17] ^ 0x01;
    const found = crc32(bad.pristine) >>> 0;
    const a = scripted();
    const b = scripted();
    const m = machine(system(), [a, b], { selfCheckImages: [bad, good] });
    m.run(12);
    assert.equal(partitionOf(0).state, VmState.Halted);
    assert.deepEqual(a.ran, [], 'a never ran');
    assert.deepEqual(b.ran, [3, 4, 9, 10], 'b kept its slots');
    assert.deepEqual(lastFault(), {
      vm: 0,
      event: HealthEvent.Integrity,
      action: HealthAction.Halt,
      address: bad.expected,
      detail: found,
    });
    assert.match(
      m.uart(0),
      new RegExp(
        `^hv: a image integrity check failed: digest ${hex8(found)} expected ${hex8(bad.expected)}, not started$`,
        'm',
      ),
    );
  });

  it('also refuses at boot a VM whose run copy does not match (the pristine copy does)', () => {
    const image = imageOf(randomBytes(100, 3));
    image.running[0] = image.running[0] ^ 0x80;
    machine(system(), [scripted(), scripted()], { selfCheckImages: [image, imageOf(randomBytes(10, 4))] });
    assert.equal(partitionOf(0).state, VmState.Halted);
    assert.equal(lastFault().event, HealthEvent.Integrity);
    assert.equal(lastFault().detail, crc32(image.running) >>> 0);
  });

  it('refuses a cold restart from a pristine copy corrupted after boot', () => {
    const image = imageOf(randomBytes(256, 5));
    const policy = {
      actions: { 'mpu-violation': 'cold-restart' as const },
      defaultAction: 'halt' as const,
      restartLimit: 5,
      watchdogTicks: 0,
    };
    let starts = 0;
    const attacker = {
      start: () => void starts++,
      step: (g: SimGuest) => {
        if (g.machine.ticks === 6) g.store(dataBase(1), [1]);
      },
    };
    const m = machine(system({ vms: [vm(0, 'a', { health: policy }), vm(1, 'b')] }), [attacker, scripted()], {
      selfCheckImages: [image, imageOf(randomBytes(32, 6))],
    });
    m.run(3);
    image.pristine[100] = image.pristine[100] ^ 0xff;
    m.run(9);
    assert.equal(starts, 1, 'not started again');
    assert.equal(partitionOf(0).state, VmState.Halted);
    const count = faultLogCount();
    assert.equal((faultLogWord(count - 2, FAULT_WORD_WHO) >>> 8) & 0xff, HealthEvent.MpuViolation);
    assert.deepEqual(lastFault(), {
      vm: 0,
      event: HealthEvent.Integrity,
      action: HealthAction.Halt,
      address: image.expected,
      detail: crc32(image.pristine) >>> 0,
    });
  });

  it('forwards a device interrupt up to its per-frame budget, then masks it until the next major frame', () => {
    const a = {
      step(g: SimGuest) {
        if (g.machine.ticks === 0) g.call(Hypercall.VirqEnable, UART2_VIRQ);
      },
    };
    const desc = system({
      vms: [
        vm(0, 'a', { devices: [{ device: 'uart2', virq: UART2_VIRQ, irqBudgetPerFrame: 3 }] }),
        vm(1, 'b'),
      ],
    });
    const m = machine(desc, [a, scripted()]);
    m.run(1);
    // Each occurrence is masked when forwarded; an acknowledgement would unmask it: the budget counts
    // occurrences whatever the guest does.
    for (let i = 0; i < 4; i++) m.irq(UART2_GIC_ID);
    assert.equal(irqStormCount(), 1);
    assert.equal(irqStormMaskedRoutes(), 1);
    assert.ok(m.sim.irqMasked.has(UART2_GIC_ID));
    assert.deepEqual(lastFault(), {
      vm: 0,
      event: HealthEvent.IrqStorm,
      action: HealthAction.Log,
      address: UART2_GIC_ID,
      detail: 4,
    });
    assert.equal(partitionOf(0).state !== VmState.Halted, true, 'a storm is only logged');
    m.irq(UART2_GIC_ID);
    assert.equal(irqStormCount(), 1, 'one storm per frame');
    m.run(5); // to the next major frame (6 ticks)
    assert.equal(irqStormMaskedRoutes(), 0);
    assert.ok(!m.sim.irqMasked.has(UART2_GIC_ID), 'unmasked at the frame boundary');
  });

  it('reports a broken stack canary once, with its console line and an internal-error event', () => {
    const m = machine(system(), [scripted(), scripted()]);
    m.run(2);
    assert.equal(invariantFailedMask(), 0);
    m.sim.canariesBroken = 0b100;
    m.run(3);
    assertCanaryReportedOnce(m.uart(0), 4);
  });

  it('checks the idle thread stack canary at the start of each major frame and reports it once (bit 6)', () => {
    const m = machine(system(), [scripted(), scripted()]);
    m.run(7); // into the second major frame (6 ticks): one frame-start check passed
    assert.equal(invariantFailedMask(), 0);
    m.sim.idleCanaryBroken = 1 << 6;
    m.run(4); // ticks 8-11: inside the frame, the idle canary is not read
    assert.equal(invariantFailedMask(), 0, 'not checked inside the frame');
    assert.doesNotMatch(m.uart(0), /stack-canary/);
    m.run(7); // past two more frame starts (ticks 12 and 18)
    assertCanaryReportedOnce(m.uart(0), 1 << 6);
  });

  it('detects an inconsistent partition state at the next major frame', () => {
    const m = machine(system(), [scripted(), scripted()]);
    m.run(7);
    assert.equal(invariantFailedMask(), 0);
    partitionOf(1).state = 9 as VmState;
    m.run(6);
    assert.match(m.uart(0), /^hv: invariant partition-state failed 0x00010900$/m);
    assert.ok((invariantFailedMask() & (1 << Invariant.PartitionState)) !== 0);
    partitionOf(1).state = VmState.Ready;
  });

  it('prints the invariants report every reportTicks ticks with the checks run so far', () => {
    const m = machine(system({ invariantsReportTicks: 6 }), [scripted(), scripted()]);
    m.run(18);
    const reports = [...m.uart(0).matchAll(/^hv: invariants ok (\d+)$/gm)].map((r) => Number(r[1]));
    assert.equal(reports.length, 3);
    assert.ok(reports[0] > 0 && reports[1] > reports[0] && reports[2] > reports[1], String(reports));
    assert.equal(reports[2], invariantChecksRun());
  });
});

describe('firmware/config: self-check fields of the system description', () => {
  const errorsOf = (desc: SystemDescription): string[] =>
    validateSystem(desc, getBoard('realview-eb')).map((e) => `${e.path}: ${e.message}`);
  const withUart2 = (assignment: object): SystemDescription =>
    system({
      vms: [vm(0, 'a', { devices: [{ device: 'uart2', virq: 8, ...assignment }] }), vm(1, 'b')],
    });

  it('accepts an interrupt budget in range and an invariant report period', () => {
    assert.deepEqual(errorsOf(withUart2({ irqBudgetPerFrame: 1 })), []);
    assert.deepEqual(errorsOf(withUart2({ irqBudgetPerFrame: 1_000_000 })), []);
    assert.deepEqual(errorsOf(system({ invariantsReportTicks: 100 })), []);
  });

  it('refuses bad budgets and report periods, naming the field', () => {
    assert.deepEqual(errorsOf(withUart2({ irqBudgetPerFrame: 0 })), [
      'vms[0].devices[0].irqBudgetPerFrame: interrupt budget per major frame 0 is outside 1..1000000',
    ]);
    assert.deepEqual(errorsOf(withUart2({ irqBudgetPerFrame: 2.5 })), [
      'vms[0].devices[0].irqBudgetPerFrame: interrupt budget per major frame must be an integer (got 2.5)',
    ]);
    assert.deepEqual(errorsOf(system({ invariantsReportTicks: -1 })), [
      'invariantsReportTicks: invariant report period (ticks) -1 is outside 0..2147483647',
    ]);
  });

  it('refuses a policy for the fixed-action events', () => {
    const policy = { actions: { integrity: 'log' }, defaultAction: 'log', restartLimit: 0, watchdogTicks: 0 };
    const desc = system({ vms: [vm(0, 'a', { health: policy as never }), vm(1, 'b')] });
    assert.deepEqual(errorsOf(desc), [
      "vms[0].health.actions.integrity: health event 'integrity' has a fixed action (halt: a VM whose image fails its integrity check is not started) and cannot be configured",
    ]);
  });
});
