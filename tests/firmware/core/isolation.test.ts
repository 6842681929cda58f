// Isolation of the core in the Node simulation, one attack per item of docs/ISOLATION.md that the core
// itself enforces: the PL0-writable CPU state outside the exception frame (TPIDRURW, the exclusive
// monitor) is the VM's own across switches; guest console output is escaped and takes only the room
// the UART has, leaving the hypervisor's reserve; CanSend waits for room instead of the UART; a cold
// restart is done in the restarting VM's own slots and never runs it half restored; requested restarts
// are rate-limited with a `restart-rate` event; the fault log and the trace keep per-VM shares whose
// losses VmStatus page 2 reports; clearing the upcall handler inside an upcall trips no self-check; a
// system may make the idle thread poll. (QEMU: tests/e2e/robustness/neighbours.test.ts.)
import assert from 'node:assert/strict';

import { faultLogCount, faultLogHas } from '../../../firmware/core/health.ts';
import { Hypercall, HvResult, VmState, VmStatusPage } from '../../../firmware/core/hypercall-numbers.ts';
import { hvIdleMayWait, hvRunningVm } from '../../../firmware/core/hypervisor.ts';
import { invariantFailures, invariantsCheckStructures } from '../../../firmware/core/invariants.ts';
import { CONSOLE_HYPERVISOR_RESERVE, CONSOLE_LINE_START_MAX } from '../../../firmware/core/limits.ts';
import { partitionOf } from '../../../firmware/core/partition.ts';
import { HealthAction, HealthEvent } from '../../../firmware/core/tables.ts';
import { traceShare } from '../../../firmware/core/trace.ts';
import { SIM_UART_TX_ROOM } from '../../../firmware/sim/port-simulation.ts';
import type { HypercallResult, SimGuest } from '../../../firmware/sim/machine.ts';
import { canId, consoleOn } from '../../../systems/parts.ts';
import { codeBase, dataBase, machine, scripted, system, vm } from './support.ts';
import { faultEntry, lastFaultEntry } from './fault-log.ts';

const words = (r: HypercallResult): number[] => [r.r0, r.r1, r.r2, r.r3];

describe('firmware/core isolation', () => {
  it("keeps each VM's TPIDRURW across switches and clears the exclusive monitor at every switch", () => {
    const seen: number[] = [];
    const stores: number[] = [];
    const a = scripted({
      0: (g) => {
        g.writeThreadId(0xaaaa0000);
        g.loadExclusive(dataBase(0));
      },
      6: (g) => {
        seen.push(g.readThreadId());
        stores.push(g.storeExclusive(dataBase(0), 1));
        g.loadExclusive(dataBase(0));
        stores.push(g.storeExclusive(dataBase(0), 2));
      },
    });
    const b = scripted({
      3: (g) => {
        seen.push(g.readThreadId());
        g.writeThreadId(0xbbbb0000);
        g.loadExclusive(dataBase(1));
      },
      9: (g) => void seen.push(g.readThreadId()),
    });
    machine(system(), [a, b]).run(10);
    assert.deepEqual(seen, [0, 0xaaaa0000, 0xbbbb0000], 'b starts with 0, each VM reads back its own');
    assert.deepEqual(stores, [1, 0], 'a store-exclusive after a switch fails; one without a switch succeeds');
  });

  it('escapes control bytes on the console and writes only what the UART has room for, leaving the reserve', () => {
    const desc = system({ console: consoleOn(0, ['a', 'b']) });
    const answers: number[][] = [];
    const a = scripted({
      0: (g) => {
        g.store(dataBase(0), Buffer.from('ok\x1b[2J\r\x08\\\x9b\t!\n', 'latin1'));
        answers.push(words(g.call(Hypercall.ConsoleWrite, dataBase(0), 13)));
        // The UART takes little more than the reserve: a line start and a few bytes.
        g.machine.sim.limitUartTxRoom(0, CONSOLE_HYPERVISOR_RESERVE + CONSOLE_LINE_START_MAX + 6);
        g.store(dataBase(0) + 32, Buffer.from('abcdefghijklmnop', 'latin1'));
        answers.push(words(g.call(Hypercall.ConsoleWrite, dataBase(0) + 32, 16)));
        // Only the hypervisor's reserve left: a guest gets nothing more.
        g.machine.sim.limitUartTxRoom(0, CONSOLE_HYPERVISOR_RESERVE);
        answers.push(words(g.call(Hypercall.ConsoleWrite, dataBase(0) + 32, 16)));
        g.machine.sim.limitUartTxRoom(0, undefined);
      },
    });
    const m = machine(desc, [a, scripted()]);
    m.run(1);
    assert.deepEqual(answers, [
      [HvResult.Ok, 13, 0, 0],
      [HvResult.Ok, 6, 0, 0],
      [HvResult.Ok, 0, 0, 0],
    ]);
    assert.equal(m.uart(0), '[a] ok\\x1b[2J\\x0d\\x08\\\\\\x9b\t!\n[a] abcdef');
    assert.equal(m.sim.uartTxDropped.get(0) ?? 0, 0, 'nothing was dropped: the write stopped at the room');
    assert.ok(SIM_UART_TX_ROOM > CONSOLE_HYPERVISOR_RESERVE + CONSOLE_LINE_START_MAX);
  });

  it('answers CanSend Busy without sending when the bus UART has no room for a frame line', () => {
    const desc = system({ vcanUart: 1, vms: [vm(0, 'a', { canTx: [canId(0x123)] }), vm(1, 'b')] });
    const results: number[] = [];
    const a = scripted({
      0: (g) => {
        g.machine.sim.uartSend(1, 'O\r');
      },
      1: (g) => {
        results.push(g.call(Hypercall.CanSend, 0x123, 1, 0x55).r0);
        g.machine.sim.limitUartTxRoom(1, 10);
        results.push(g.call(Hypercall.CanSend, 0x123, 1, 0x66).r0);
        g.machine.sim.limitUartTxRoom(1, undefined);
        results.push(g.call(Hypercall.CanSend, 0x123, 1, 0x77).r0);
      },
    });
    const m = machine(desc, [a, scripted()]);
    m.run(2);
    assert.deepEqual(results, [HvResult.Ok, HvResult.Busy, HvResult.Ok]);
    assert.equal(
      m
        .uart(1)
        .match(/t1231\w\w/g)
        ?.join(' '),
      't123155 t123177',
      'the busy frame never left',
    );
  });

  it('restarts a VM cold in its own slots only: the other VM keeps every tick, the VM never runs half restored', () => {
    const desc = system({ vms: [vm(0, 'a', { capabilities: ['restart-vm'] }), vm(1, 'b')] });
    const a = scripted({ 0: (g) => void g.call(Hypercall.VmRestart, 1, 1) });
    const b = scripted({ 3: (g) => g.store(dataBase(1), [7]) });
    const m = machine(desc, [a, b]);
    m.run(3);
    assert.equal(partitionOf(1).state, VmState.Restarting);
    m.run(3);
    assert.equal(b.ran.length, 0, 'b restarting: it did not run in its slot');
    assert.deepEqual(a.ran, [0, 1, 2], 'a kept its slot');
    // 128 KiB of areas at 32 KiB per tick of b's slot (2 ticks per 6-tick frame): 8 ticks.
    m.run(30);
    assert.equal(partitionOf(1).starts, 2);
    assert.equal(m.sim.pristineRestores.at(-1), 1);
    assert.deepEqual(
      a.ran.slice(0, 12),
      [0, 1, 2, 6, 7, 8, 12, 13, 14, 18, 19, 20],
      'a ran in every one of its windows meanwhile',
    );
    assert.ok(b.ran.length > 0 && b.ran[0] >= 21, `b ran again only once restored: ${b.ran[0]}`);
  });

  it('refuses a warm restart of a VM whose cold restart is in progress', () => {
    const desc = system({ vms: [vm(0, 'a', { capabilities: ['restart-vm'] }), vm(1, 'b')] });
    const a = scripted({
      0: (g) => {
        g.call(Hypercall.VmRestart, 1, 1);
        g.call(Hypercall.VmRestart, 1, 0);
      },
    });
    const b = scripted();
    const m = machine(desc, [a, b]);
    m.run(5);
    assert.equal(partitionOf(1).state, VmState.Restarting, 'the warm request did not start it half restored');
    assert.deepEqual(b.ran, []);
  });

  it('rate-limits requested restarts of a VM: RateLimited and a restart-rate event against the requester', () => {
    const desc = system({
      vms: [
        vm(0, 'a', { capabilities: ['restart-vm'] }),
        vm(1, 'b', {
          health: {
            actions: {},
            defaultAction: 'log',
            restartLimit: 0,
            watchdogTicks: 0,
            restartRate: { restarts: 2, ticks: 12 },
          },
        }),
      ],
    });
    const results: number[] = [];
    const a = scripted({
      0: (g) => {
        for (let i = 0; i < 3; i++) results.push(g.call(Hypercall.VmRestart, 1, 0).r0);
      },
      12: (g) => void results.push(g.call(Hypercall.VmRestart, 1, 0).r0),
    });
    const m = machine(desc, [a, scripted()]);
    m.run(13);
    assert.deepEqual(results, [HvResult.Ok, HvResult.Ok, HvResult.RateLimited, HvResult.Ok]);
    const entry = lastFaultEntry();
    assert.deepEqual(
      [faultEntry(faultLogCount() - 1).vm, entry.event, entry.action, entry.address, entry.detail],
      [0, HealthEvent.RestartRate, HealthAction.Log, 1, 2],
    );
    assert.equal(partitionOf(0).state !== VmState.Halted, true, 'the requester runs on');
  });

  it("keeps each VM's fault-log and trace shares and reports the losses on VmStatus page 2", () => {
    const desc = system({ vms: [vm(0, 'a', { capabilities: ['vm-status', 'read-fault-log'] }), vm(1, 'b')] });
    let losses: number[][] = [];
    const a = scripted({
      0: (g) => void g.call(0x2a5),
      6: (g) => {
        losses = [0, 1].map((v) => words(g.call(Hypercall.VmStatus, v, VmStatusPage.Losses)));
      },
    });
    const b = scripted({
      3: (g) => {
        for (let i = 0; i < 200; i++) g.call(0x300 + i);
      },
    });
    machine(desc, [a, b]).run(7);
    assert.ok(faultLogHas(0), "a's entry survived b's 200 events");
    assert.deepEqual(losses[0], [HvResult.Ok, VmState.Running, 0, 0]);
    assert.equal(losses[1][2], 200 - 8, "b's share keeps its last 8 entries");
    assert.ok(losses[1][3] >= 400 - 2 * traceShare(), `b's trace records dropped: ${losses[1][3]}`);
  });

  it('lets a VM clear its upcall handler inside an upcall without tripping a self-check', () => {
    let upcalls = 0;
    const clearing = {
      start: (g: SimGuest) => {
        g.call(Hypercall.VirqSetHandler, codeBase(0) + 0x100);
        g.call(Hypercall.VirqEnable, 0);
        g.call(Hypercall.TimerSet, 1, 1);
      },
      step: (g: SimGuest) => void g.call(Hypercall.VirqSetHandler, codeBase(0) + 0x100),
      onVirq: (g: SimGuest) => {
        upcalls++;
        g.call(Hypercall.VirqSetHandler, 0);
        g.call(Hypercall.VirqEnable, 31);
        g.call(Hypercall.VirqAck, 31);
      },
    };
    machine(system(), [clearing, scripted()]).run(30);
    invariantsCheckStructures(hvRunningVm());
    assert.ok(upcalls >= 5, `upcalls: ${upcalls}`);
    assert.equal(invariantFailures(), 0);
  });

  it('polls in the idle thread only when the system says so', () => {
    machine(system(), [scripted(), scripted()]);
    assert.equal(hvIdleMayWait(), true);
    machine(system({ idle: 'poll' }), [scripted(), scripted()]);
    assert.equal(hvIdleMayWait(), false);
  });
});
