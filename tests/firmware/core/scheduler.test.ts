// Scheduler tests: slot boundaries, idle gaps, plan switches at the major-frame boundary (and only with
// the capability), execution-time accounting in ticks and cycles, yield, and a spinning VM losing the
// CPU at its slot end. Real core, simulated port layer.
import assert from 'node:assert/strict';
import { Hypercall, HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { hvIdleCycles, hvRunningVm } from '../../../firmware/core/hypervisor.ts';
import { NO_VM } from '../../../firmware/core/limits.ts';
import { partitionOf } from '../../../firmware/core/partition.ts';
import {
  accountedTicks,
  currentPlan,
  idleTickCount,
  majorFrameCount,
} from '../../../firmware/core/scheduler.ts';
import { SIM_CYCLES_PER_TICK } from '../../../firmware/sim/machine.ts';
import type { SchedulePlan } from '../../../firmware/config/types.ts';
import { backToBackPlan } from '../support/plans.ts';
import { DEFAULT_PLAN, machine, scripted, system, vm } from './support.ts';

/** Plan p0 of the plan-switch tests: the default plan's slots (a [0,3), b [3,5), idle [5,6)). */
const PLAN_P0: SchedulePlan = { ...DEFAULT_PLAN, name: 'p0' };

describe('firmware/core scheduler', () => {
  it('alternates two VMs exactly at the slot boundaries and idles in the gap', () => {
    const a = scripted();
    const b = scripted();
    const m = machine(system(), [a, b]);
    const onCpu: number[] = [];
    for (let t = 0; t < 18; t++) {
      onCpu.push(hvRunningVm());
      m.tick();
    }
    // frame: a a a b b idle, three times
    const frame = [0, 0, 0, 1, 1, NO_VM];
    assert.deepEqual(onCpu, [...frame, ...frame, ...frame]);
    assert.deepEqual(a.ran, [0, 1, 2, 6, 7, 8, 12, 13, 14]);
    assert.deepEqual(b.ran, [3, 4, 9, 10, 15, 16]);
    const switches = m.trace().filter((r) => r.kind === 'S');
    assert.deepEqual(
      switches.map((r) => [r.tick, r.vm]),
      [
        [0, 0],
        [3, 1],
        [5, 0xff],
        [6, 0],
        [9, 1],
        [11, 0xff],
        [12, 0],
        [15, 1],
        [17, 0xff],
        [18, 0],
      ],
    );
    assert.equal(majorFrameCount(), 3);
  });

  it('accounts every tick to exactly one VM or idle, and PMU cycles per VM', () => {
    const m = machine(system(), [scripted(), scripted()]);
    m.run(60);
    assert.equal(accountedTicks(), 60);
    assert.equal(partitionOf(0).ticksRun, 30);
    assert.equal(partitionOf(1).ticksRun, 20);
    assert.equal(idleTickCount(), 10);
    // Cycles are charged at switches; the tick at 60 has just switched from idle back to a.
    assert.equal(partitionOf(0).cyclesLow, 30 * SIM_CYCLES_PER_TICK);
    assert.equal(partitionOf(1).cyclesLow, 20 * SIM_CYCLES_PER_TICK);
    assert.equal(hvIdleCycles(), 10 * SIM_CYCLES_PER_TICK);
  });

  it('takes the CPU from a VM that spins forever at its slot end', () => {
    let spins = 0;
    const b = scripted();
    const m = machine(system(), [{ step: () => void spins++ }, b]);
    m.run(30);
    assert.equal(spins, 15);
    assert.deepEqual(b.ran, [3, 4, 9, 10, 15, 16, 21, 22, 27, 28]);
  });

  it('idles for the rest of the slot after Yield and resumes the VM at its next slot', () => {
    const a = scripted({ 0: (g) => g.call(Hypercall.Yield) });
    const m = machine(system(), [a, scripted()]);
    const onCpu: number[] = [];
    for (let t = 0; t < 7; t++) {
      onCpu.push(hvRunningVm());
      m.tick();
    }
    assert.deepEqual(onCpu, [0, NO_VM, NO_VM, 1, 1, NO_VM, 0]);
    assert.deepEqual(a.ran, [0, 6]);
    // Ticks are charged to whoever is on the CPU when the tick comes: a yielded during tick 0.
    assert.equal(accountedTicks(), 7);
    assert.equal(partitionOf(0).ticksRun, 1);
    assert.equal(partitionOf(1).ticksRun, 2);
    assert.equal(idleTickCount(), 4);
  });

  it('switches plans only at the major-frame boundary, on request of a VM with the capability', () => {
    const desc = system({
      vms: [vm(0, 'a', { capabilities: ['switch-plan'] }), vm(1, 'b')],
      plans: [
        PLAN_P0,
        backToBackPlan('p1', 4, [
          ['b', 3],
          ['a', 1],
        ]),
      ],
    });
    let answer: number[] = [];
    const a = scripted({
      1: (g) => {
        const { r0, r1, r2, r3 } = g.call(Hypercall.PlanSwitch, 1);
        answer = [r0, r1, r2, r3];
      },
    });
    const m = machine(desc, [a, scripted()]);
    const onCpu: number[] = [];
    for (let t = 0; t < 14; t++) {
      onCpu.push(hvRunningVm());
      if (t === 5) assert.equal(currentPlan(), 0, 'plan changes only at the frame boundary');
      m.tick();
    }
    assert.deepEqual(answer.slice(0, 2), [HvResult.Ok, 0]);
    assert.deepEqual(onCpu, [0, 0, 0, 1, 1, NO_VM, 1, 1, 1, 0, 1, 1, 1, 0]);
    assert.equal(currentPlan(), 1);
    const planEvents = m.trace().filter((r) => r.kind === 'L');
    assert.deepEqual(
      planEvents.map((r) => [r.tick, r.vm, r.a, r.b]),
      [
        [1, 0, 1, 0],
        [6, 0xff, 1, 1],
      ],
    );
  });

  it('refuses a plan switch without the capability and raises a bad-hypercall event', () => {
    const desc = system({
      plans: [PLAN_P0, { name: 'p1', majorFrame: 4, slots: [{ vm: 'b', start: 0, duration: 4 }] }],
    });
    let result = -1;
    const m = machine(desc, [
      scripted({ 0: (g) => void (result = g.call(Hypercall.PlanSwitch, 1).r0) }),
      scripted(),
    ]);
    m.run(20);
    assert.equal(result, HvResult.NoCapability);
    assert.equal(currentPlan(), 0);
    assert.equal(m.trace().filter((r) => r.kind === 'L').length, 0);
    assert.equal(m.trace().filter((r) => r.kind === 'F' && r.vm === 0).length, 1);
  });

  it('rejects an unknown plan index with BadPlan', () => {
    const desc = system({ vms: [vm(0, 'a', { capabilities: ['switch-plan'] }), vm(1, 'b')] });
    let result = -1;
    const m = machine(desc, [
      scripted({ 0: (g) => void (result = g.call(Hypercall.PlanSwitch, 7).r0) }),
      scripted(),
    ]);
    m.run(7);
    assert.equal(result, HvResult.BadPlan);
  });

  it('loads the MPU block of the incoming VM at each switch to a different VM', () => {
    const m = machine(system(), [scripted(), scripted()]);
    m.run(12);
    const blocks = m.sim.mpuLoads;
    assert.equal(blocks.length, 5); // a, b, a, b, a (idle keeps the last block: USR code cannot run)
    assert.deepEqual(blocks[0], blocks[2]);
    assert.deepEqual(blocks[0], blocks[4]);
    assert.deepEqual(blocks[1], blocks[3]);
    assert.notDeepEqual(blocks[0], blocks[1]);
  });
});
