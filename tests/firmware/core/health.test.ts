// Health-monitor tests: MPU violations caught by the (modelled) MPU, restarts up to the limit then
// halt, cold restart restoring the pristine image, watchdog expiry and kicks, suspend, the timestamped
// fault log (also as read by a privileged VM), and the other VM keeping every one of its slots.
import assert from 'node:assert/strict';
import { Hypercall, HvResult, VmState } from '../../../firmware/core/hypercall-numbers.ts';
import { faultLogCount, faultLogHas } from '../../../firmware/core/health.ts';
import { hvRunningVm } from '../../../firmware/core/hypervisor.ts';
import { FAULT_LOG_SHARE, NO_VM } from '../../../firmware/core/limits.ts';
import { partitionOf } from '../../../firmware/core/partition.ts';
import { HealthAction, HealthEvent } from '../../../firmware/core/tables.ts';
import { FSR_BACKGROUND, FSR_PERMISSION, FSR_WNR } from '../../../firmware/sim/mpu-model.ts';
import type { SimGuest } from '../../../firmware/sim/machine.ts';
import { codeBase, dataBase, machine, scripted, system, vm } from './support.ts';
import { faultEntry } from './fault-log.ts';

/** The entries still held, oldest first. */
function faultEntries() {
  const entries = [];
  for (let seq = 0; seq < faultLogCount(); seq++) if (faultLogHas(seq)) entries.push(faultEntry(seq));
  return entries;
}

/** A hypercall number no call has: a `bad-hypercall` event, which the log policy only logs. */
const UNKNOWN_CALL = 30;

const restartPolicy = (action: 'warm-restart' | 'cold-restart', restartLimit: number) => ({
  actions: { 'mpu-violation': action },
  defaultAction: 'halt' as const,
  restartLimit,
  watchdogTicks: 0,
});

describe('firmware/core health monitor', () => {
  it('writes one hypervisor console line per fault: VM, event, address, action and restart count', () => {
    const desc = system({ vms: [vm(0, 'a', { health: restartPolicy('warm-restart', 2) }), vm(1, 'b')] });
    const attacker = { step: (g: SimGuest) => g.store(dataBase(1), [0xde, 0xad]) };
    const m = machine(desc, [attacker, scripted()]);
    m.run(10);
    const address = `0x${dataBase(1).toString(16).padStart(8, '0')}`;
    const lines = m
      .uart(0)
      .split('\n')
      .filter((line) => line.startsWith('hv: vm'));
    assert.deepEqual(lines, [
      `hv: vm0 'a': mpu-violation at ${address}, warm restart (1/2)`,
      `hv: vm0 'a': mpu-violation at ${address}, warm restart (2/2)`,
      `hv: vm0 'a': mpu-violation at ${address}, halted`,
    ]);
  });

  it('shows fault lines no faster than one per tick and counts the ones its share overwrote first', () => {
    const desc = system({ vms: [vm(0, 'a'), vm(1, 'b')] });
    const flooder = {
      step: (g: SimGuest) => {
        for (let i = 0; i < FAULT_LOG_SHARE + 3; i++) g.call(UNKNOWN_CALL);
      },
    };
    const m = machine(desc, [flooder, scripted()]);
    m.run(1);
    const lines = () =>
      m
        .uart(0)
        .split('\n')
        .filter((line) => line.startsWith('hv: vm0'));
    assert.ok(faultLogCount() >= FAULT_LOG_SHARE + 3, 'the guest raised more events than its share holds');
    assert.ok(lines().length <= 1, 'at most one line in the first tick');
    m.run(FAULT_LOG_SHARE + 2);
    assert.ok(
      lines().some((line) => / \(\d+ earlier not shown\)$/.test(line)),
      `a line counts the entries overwritten first:\n${lines().join('\n')}`,
    );
  });

  it('restarts a VM that writes into another VM, up to the limit, then halts it; the other VM keeps its slots', () => {
    const desc = system({ vms: [vm(0, 'a', { health: restartPolicy('warm-restart', 2) }), vm(1, 'b')] });
    let starts = 0;
    const attacker = {
      start: () => void starts++,
      step: (g: SimGuest) => g.store(dataBase(1), [0xde, 0xad]),
    };
    const b = scripted();
    const m = machine(desc, [attacker, b]);
    m.run(30);
    // a restarts inside its own slot, so it faults at ticks 0 (restart 1), 1 (restart 2), 2 (halt).
    assert.equal(starts, 3);
    assert.equal(partitionOf(0).state, VmState.Halted);
    assert.equal(partitionOf(0).healthRestarts, 2);
    assert.deepEqual(Array.from(m.memory.read(dataBase(1), 2)), [0, 0], 'the write never landed');
    assert.deepEqual(b.ran, [3, 4, 9, 10, 15, 16, 21, 22, 27, 28], 'b never missed a slot');
    assert.deepEqual(
      faultEntries().map((e) => [e.seq, e.tick, e.vm, e.event, e.action, e.address, e.detail]),
      [
        [0, 0, 0, HealthEvent.MpuViolation, HealthAction.WarmRestart, dataBase(1), FSR_BACKGROUND | FSR_WNR],
        [1, 1, 0, HealthEvent.MpuViolation, HealthAction.WarmRestart, dataBase(1), FSR_BACKGROUND | FSR_WNR],
        [2, 2, 0, HealthEvent.MpuViolation, HealthAction.Halt, dataBase(1), FSR_BACKGROUND | FSR_WNR],
      ],
    );
    // After the halt a's slots are idle.
    const onCpu: number[] = [];
    for (let i = 0; i < 6; i++) {
      onCpu.push(hvRunningVm());
      m.tick();
    }
    assert.deepEqual(onCpu, [NO_VM, NO_VM, NO_VM, 1, 1, NO_VM]);
  });

  it('restarts a faulting VM at once inside its own slot (warm restart: registers reset, memory kept)', () => {
    const desc = system({ vms: [vm(0, 'a', { health: restartPolicy('warm-restart', 5) }), vm(1, 'b')] });
    const a = scripted({
      0: (g) => {
        g.store(dataBase(0), [42]);
        g.store(0x0000_0100, [1]); // hypervisor memory
      },
    });
    const m = machine(desc, [a, scripted()]);
    m.run(3);
    assert.deepEqual(a.ran, [0, 1, 2], 'a runs again in the same slot after its restart');
    assert.equal(m.memory.read(dataBase(0), 1)[0], 42);
    assert.equal(faultEntries()[0].address, 0x100);
  });

  it('cold restart restores the pristine image of the VM', () => {
    const desc = system({ vms: [vm(0, 'a', { health: restartPolicy('cold-restart', 5) }), vm(1, 'b')] });
    const a = scripted({
      0: (g) => g.store(dataBase(0), [1, 2, 3]),
      1: (g) => g.store(codeBase(0), [9]), // code is read-only: permission fault
    });
    const m = machine(desc, [a, scripted()]);
    m.run(1);
    assert.deepEqual(Array.from(m.memory.read(dataBase(0), 3)), [1, 2, 3]);
    m.run(1);
    assert.equal(
      partitionOf(0).state,
      VmState.Restarting,
      'the image is restored in its own slots, step by step',
    );
    assert.deepEqual(m.sim.pristineRestores, []);
    // 128 KiB of areas, checked then copied at 32 KiB per tick: 8 of a's ticks (3 per 6-tick frame).
    m.run(24);
    assert.deepEqual(Array.from(m.memory.read(dataBase(0), 3)), [0, 0, 0]);
    assert.deepEqual(m.sim.pristineRestores, [0]);
    assert.equal(partitionOf(0).starts, 2);
    const entry = faultEntries()[0];
    assert.equal(entry.detail, FSR_PERMISSION | FSR_WNR);
    assert.equal(entry.action, HealthAction.ColdRestart);
  });

  it('suspends on a synchronous fault whose policy only logs (resuming would repeat it)', () => {
    const a = scripted({ 0: (g) => g.undefinedInstruction(codeBase(0) + 0x20) });
    const b = scripted();
    const m = machine(system(), [a, b]);
    m.run(12);
    assert.equal(partitionOf(0).state, VmState.Suspended);
    assert.deepEqual(a.ran, [0]);
    assert.deepEqual(b.ran, [3, 4, 9, 10]);
    const entry = faultEntries()[0];
    assert.equal(entry.event, HealthEvent.UndefinedInstruction);
    assert.equal(entry.action, HealthAction.Suspend);
    assert.equal(entry.address, codeBase(0) + 0x20);
  });

  it('a restart request resumes a suspended VM; prefetch aborts are caught', () => {
    const desc = system({ vms: [vm(0, 'a'), vm(1, 'b', { capabilities: ['restart-vm', 'vm-status'] })] });
    let status: number[] = [];
    const a = scripted({ 0: (g) => g.execute(dataBase(0)) }); // data is XN
    const b = scripted({
      3: (g) => {
        status = [g.call(Hypercall.VmStatus, 0).r1];
        g.call(Hypercall.VmRestart, 0, 0);
        status.push(g.call(Hypercall.VmStatus, 0).r1);
      },
    });
    const m = machine(desc, [a, b]);
    m.run(7);
    assert.deepEqual(status, [VmState.Suspended, VmState.Ready]);
    assert.deepEqual(a.ran, [0, 6]);
    assert.equal(faultEntries()[0].event, HealthEvent.PrefetchAbort);
  });

  it("handles a fault the guest reports itself (FaultReport) by the guest's policy, and refuses other events", () => {
    const desc = system({ vms: [vm(0, 'a', { health: restartPolicy('warm-restart', 1) }), vm(1, 'b')] });
    let starts = 0;
    let refused = -1;
    const a = {
      start: () => void starts++,
      step: (g: SimGuest) => {
        refused = g.call(Hypercall.FaultReport, HealthEvent.Watchdog, 0, 0).r0;
        g.call(Hypercall.FaultReport, HealthEvent.MpuViolation, dataBase(1), 0x80d);
        throw new Error('FaultReport returned to a guest whose policy restarts it');
      },
    };
    const b = scripted();
    const m = machine(desc, [a, b]);
    m.run(6);
    assert.equal(refused, HvResult.BadArgument, 'only synchronous-fault events may be reported');
    assert.equal(starts, 2, 'one warm restart, then the limit halts it');
    assert.equal(partitionOf(0).state, VmState.Halted);
    assert.deepEqual(
      faultEntries()
        .filter((e) => e.event !== HealthEvent.BadHypercall)
        .map((e) => [e.vm, e.event, e.action, e.address, e.detail]),
      [
        [0, HealthEvent.MpuViolation, HealthAction.WarmRestart, dataBase(1), 0x80d],
        [0, HealthEvent.MpuViolation, HealthAction.Halt, dataBase(1), 0x80d],
      ],
    );
    assert.deepEqual(b.ran, [3, 4]);
  });

  it('raises a watchdog event when a VM stops kicking, and not while it kicks', () => {
    const policy = {
      actions: { watchdog: 'warm-restart' as const },
      defaultAction: 'halt' as const,
      restartLimit: 10,
      watchdogTicks: 8,
    };
    const desc = system({ vms: [vm(0, 'a', { health: policy }), vm(1, 'b', { health: policy })] });
    const a = scripted();
    a.step = (g) => void g.call(Hypercall.WatchdogKick); // kicks every tick it runs
    const b = scripted(); // never kicks
    const m = machine(desc, [a, b]);
    m.run(40);
    const entries = faultEntries();
    assert.ok(entries.length > 0);
    assert.ok(
      entries.every(
        (e) => e.vm === 1 && e.event === HealthEvent.Watchdog && e.action === HealthAction.WarmRestart,
      ),
    );
    // b's watchdog is checked in its slot: first expiry at tick 8 is seen at tick 9 (its slot [9, 11)).
    assert.equal(entries[0].tick, 9);
    assert.equal(partitionOf(0).healthRestarts, 0);
  });

  it('lets a privileged VM read the fault log entry by entry', () => {
    const desc = system({ vms: [vm(0, 'a'), vm(1, 'b', { capabilities: ['read-fault-log'] })] });
    const read: number[][] = [];
    const a = scripted({ 0: (g) => void g.call(77), 1: (g) => void g.call(78) });
    const b = scripted({
      3: (g) => {
        for (let seq = 0; seq < 3; seq++) {
          const r = g.call(Hypercall.FaultLogRead, seq, dataBase(1), 24);
          const words = Array.from({ length: 6 }, (_, i) => m.memory.readU32(dataBase(1) + 4 * i));
          read.push([r.r0, r.r1, ...(r.r0 === HvResult.Ok ? words : [])]);
        }
      },
    });
    const m = machine(desc, [a, b]);
    m.run(4);
    const who = 0 | (HealthEvent.BadHypercall << 8) | (HealthAction.Log << 16);
    assert.deepEqual(read, [
      [HvResult.Ok, 2, 0, 0, who, 0, 77 | (HvResult.UnknownCall << 16), 0],
      [HvResult.Ok, 2, 1, 1, who, 0, 78 | (HvResult.UnknownCall << 16), 0],
      [HvResult.Empty, 2],
    ]);
  });

  it("keeps each VM's last entries when its share wraps, hands out the oldest one still held, and never evicts another VM's", () => {
    const desc = system({ vms: [vm(0, 'a'), vm(1, 'b', { capabilities: ['read-fault-log'] })] });
    const burst = FAULT_LOG_SHARE + 8;
    // a floods at tick 6, after b logged entry 0 at tick 3; b reads at tick 9.
    const a = scripted({
      6: (g) => {
        for (let i = 0; i < burst; i++) g.call(100 + i);
      },
    });
    const reads: number[][] = [];
    const b = scripted({
      3: (g) => void g.call(99),
      9: (g) => {
        for (const seq of [0, 1, 9, burst, burst + 1]) {
          const r = g.call(Hypercall.FaultLogRead, seq, dataBase(1), 24);
          reads.push([
            r.r0,
            r.r1,
            r.r0 === HvResult.Ok ? m.memory.readU32(dataBase(1)) : -1,
            r.r0 === HvResult.Ok ? m.memory.readU32(dataBase(1) + 16) & 0xffff : -1,
          ]);
        }
      },
    });
    const m = machine(desc, [a, b]);
    m.run(10);
    const logged = burst + 1;
    assert.deepEqual(reads, [
      [HvResult.Ok, logged, 0, 99], // b's own entry survives a's flood
      [HvResult.Ok, logged, 9, 108], // a's entries 1..8 were overwritten by its newer ones: oldest held is 9
      [HvResult.Ok, logged, 9, 108],
      [HvResult.Ok, logged, burst, 100 + burst - 1],
      [HvResult.Empty, logged, -1, -1],
    ]);
  });

  it('keeps running when every VM is halted', () => {
    const halting = { step: (g: SimGuest) => void g.call(Hypercall.VmHalt, g.vm) };
    const m = machine(system(), [halting, halting]);
    m.run(100);
    assert.equal(partitionOf(0).state, VmState.Halted);
    assert.equal(partitionOf(1).state, VmState.Halted);
    assert.equal(m.trace().at(-1).kind, 'S');
    assert.equal(hvRunningVm(), NO_VM);
  });
});
