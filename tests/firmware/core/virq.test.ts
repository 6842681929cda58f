// Virtual-interrupt tests: delivery order (lowest number first, one upcall at a time), the interrupted
// context restored by VirqReturn, enable/disable, WaitEvent wake-up, virtual timers, and passed-through
// device interrupts masked at the controller until the guest acknowledges them.
import assert from 'node:assert/strict';
import { Hypercall, HvResult, VmState } from '../../../firmware/core/hypercall-numbers.ts';
import { hvInUpcall, hvRunningVm } from '../../../firmware/core/hypervisor.ts';
import { partitionOf, WaitReason } from '../../../firmware/core/partition.ts';
import { contextOf } from '../../../firmware/core/vcpu-context.ts';
import { virqOf, VIRQ_PORT, VIRQ_TIMER } from '../../../firmware/core/virq.ts';
import type { SimGuest } from '../../../firmware/sim/machine.ts';
import { codeBase, dataBase, machine, scripted, system, vm } from './support.ts';

const UART2_GIC_ID = 32 + 14;
const UART2_VIRQ = 8;
const HANDLER = codeBase(0) + 0x101; // Thumb

const desc = system({
  vms: [vm(0, 'a', { devices: [{ device: 'uart2', virq: UART2_VIRQ }] }), vm(1, 'b')],
  ports: [
    {
      name: 'to-a',
      kind: 'queuing',
      source: 'b',
      destinations: ['a'],
      maxMessageSize: 4,
      depth: 2,
      refreshTicks: 0,
    },
  ],
});

describe('firmware/core virtual interrupts', () => {
  it('delivers pending interrupts lowest first, one upcall at a time, and restores the interrupted context', () => {
    const seen: { virq: number; inUpcall: boolean; pc: number; r0: number }[] = [];
    let setHandlerResult = -1;
    const a = {
      step(g: SimGuest) {
        const t = g.machine.ticks;
        if (t === 0) {
          g.call(Hypercall.TimerSet, 1, 0);
          for (const v of [VIRQ_TIMER, VIRQ_PORT, UART2_VIRQ]) g.call(Hypercall.VirqEnable, v);
        }
        if (t === 6) {
          contextOf(0).r[5] = 0x1234_5678;
          setHandlerResult = g.call(Hypercall.VirqSetHandler, HANDLER).r0;
        }
      },
      onVirq(g: SimGuest, virq: number) {
        const ctx = contextOf(g.vm);
        seen.push({ virq, inUpcall: hvInUpcall(g.vm), pc: ctx.pc, r0: ctx.r[0] });
        if (virq === UART2_VIRQ) {
          assert.ok(g.machine.sim.irqMasked.has(UART2_GIC_ID), 'masked until acknowledged');
          g.call(Hypercall.VirqAck, UART2_VIRQ);
        }
      },
    };
    const b = scripted({
      3: (g) => {
        g.store(dataBase(1), [1]);
        g.call(Hypercall.QueuingSend, 0, dataBase(1), 1);
      },
    });
    const m = machine(desc, [a, b]);
    m.run(4);
    m.irq(UART2_GIC_ID);
    m.run(3);
    assert.equal(setHandlerResult, HvResult.Ok, 'the interrupted call returns its own result');
    assert.deepEqual(
      seen.map((s) => s.virq),
      [VIRQ_TIMER, VIRQ_PORT, UART2_VIRQ],
    );
    for (const s of seen) {
      assert.equal(s.inUpcall, true);
      assert.equal(s.pc, HANDLER - 1);
      assert.equal(s.r0, s.virq);
    }
    assert.equal(hvInUpcall(0), false);
    assert.equal(contextOf(0).r[5], 0x1234_5678, 'registers of the interrupted code are back');
    assert.equal(contextOf(0).r[0], HvResult.Ok);
    assert.ok(!m.sim.irqMasked.has(UART2_GIC_ID), 'acknowledged interrupt unmasked');
    const upcalls = m.trace().filter((r) => r.kind === 'U');
    assert.deepEqual(
      upcalls.map((r) => [r.tick, r.a, r.b]),
      [
        [6, 0, HANDLER],
        [6, 1, HANDLER],
        [6, 8, HANDLER],
      ],
    );
    const irqs = m.trace().filter((r) => r.kind === 'I');
    assert.deepEqual(
      irqs.map((r) => [r.vm, r.a, r.b]),
      [[0, UART2_GIC_ID, UART2_VIRQ]],
    );
  });

  it('does not nest upcalls and keeps disabled interrupts pending until enabled', () => {
    const order: string[] = [];
    const a = {
      step(g: SimGuest) {
        if (g.machine.ticks === 0) {
          g.call(Hypercall.VirqEnable, VIRQ_TIMER);
          g.call(Hypercall.VirqSetHandler, HANDLER);
          g.call(Hypercall.TimerSet, 7, 0);
        }
      },
      onVirq(g: SimGuest, virq: number) {
        order.push(`enter ${virq} at ${g.machine.ticks}`);
        g.call(Hypercall.VirqEnable, VIRQ_PORT);
        order.push(`leave ${virq}: port pending ${(virqOf(0).pending >>> VIRQ_PORT) & 1}`);
      },
    };
    // b sends at tick 3: a's port interrupt is pending but disabled until a's timer upcall at tick 7.
    const b = scripted({
      3: (g) => {
        g.store(dataBase(1), [1]);
        g.call(Hypercall.QueuingSend, 0, dataBase(1), 1);
      },
    });
    const m = machine(desc, [a, b]);
    m.run(7);
    assert.notEqual(virqOf(0).pending & (1 << VIRQ_PORT), 0, 'pending while disabled');
    assert.deepEqual(order, []);
    m.run(2);
    assert.deepEqual(order, [
      'enter 0 at 7',
      'leave 0: port pending 1',
      'enter 1 at 7',
      'leave 1: port pending 0',
    ]);
  });

  it('WaitEvent blocks until an enabled interrupt is pending and returns the mask (no handler)', () => {
    let woken: number[] = [];
    const a = scripted({
      0: (g) => {
        g.call(Hypercall.VirqEnable, VIRQ_TIMER);
        g.call(Hypercall.TimerSet, 8, 0);
        g.call(Hypercall.WaitEvent);
      },
      8: (g) => void (woken = [contextOf(g.vm).r[0], contextOf(g.vm).r[1]]),
    });
    const m = machine(desc, [a, scripted()]);
    m.run(2);
    assert.equal(partitionOf(0).state, VmState.Waiting);
    assert.equal(partitionOf(0).waitReason, WaitReason.Event);
    m.run(8);
    assert.deepEqual(a.ran, [0, 8], 'woken by the timer at tick 8, inside its own slot [6, 9)');
    assert.deepEqual(woken, [HvResult.Ok, 1 << VIRQ_TIMER]);
    assert.equal(virqOf(0).pending, 0, 'WaitEvent consumed the interrupt');
  });

  it('a periodic virtual timer fires every period', () => {
    const a = {
      step(g: SimGuest) {
        if (g.machine.ticks === 0) {
          g.call(Hypercall.VirqEnable, VIRQ_TIMER);
          g.call(Hypercall.VirqSetHandler, HANDLER);
          g.call(Hypercall.TimerSet, 2, 6);
        }
      },
      onVirq() {},
    };
    const m = machine(desc, [a, scripted()]);
    m.run(30);
    assert.deepEqual(
      m.upcalls.map((u) => [u.vm, u.virq, u.tick]),
      [2, 8, 14, 20, 26].map((t) => [0, VIRQ_TIMER, t]),
    );
  });

  it('a disabled interrupt wakes nobody from WaitEvent', () => {
    const a = scripted({
      0: (g) => {
        g.call(Hypercall.TimerSet, 2, 6);
        g.call(Hypercall.WaitEvent); // timer not enabled: waits for good
      },
    });
    const m = machine(desc, [a, scripted()]);
    m.run(30);
    assert.deepEqual(a.ran, [0]);
    assert.equal(hvRunningVm() === 0, false);
    assert.notEqual(virqOf(0).pending & 1, 0);
  });
});
