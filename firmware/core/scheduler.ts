// Cyclic executive, ARINC 653 style. A plan is a major frame of contiguous windows (slots owned by one
// VM, or idle gaps); the scheduler walks the active plan's windows tick by tick and wraps at the major
// frame. A plan switch requested by a VM holding the capability takes effect at the next major-frame
// boundary. Each tick costs O(1): one comparison against the precomputed end of the current window,
// and at a boundary one table lookup. The tick is charged to the VM that was on the CPU (or to idle), so
// the per-VM tick counts plus the idle count always equal the elapsed ticks.
import { checkIndex, u32 } from '../../transpiler/runtime/index.ts';
import { PlanIndex, Ticks, VmIndex } from './domain.ts';
import { MAX_PLANS, MAX_WINDOWS_PER_PLAN, NO_VM } from './limits.ts';
import { WaitReason, partitionOf } from './partition.ts';
import { VmState } from './hypercall-numbers.ts';
import { isVm, systemTables, vmCount } from './system.ts';
import { PlanEntry, WindowEntry } from './tables.ts';
import { TraceKind, traceEvent } from './trace.ts';

/** "No plan switch pending". */
export const NO_PLAN = 0xffffffff;

let plan: PlanIndex = 0;
let pendingPlan: u32 = NO_PLAN;
let windowIndex: u32 = 0;
let windowEnd: u32 = 1;
let framePosition: u32 = 0;
let owner: VmIndex = NO_VM;
let idleTicks: Ticks = 0;
let majorFrames: u32 = 0;

function planAt(index: u32): PlanEntry {
  const tables = systemTables();
  return tables.plans[checkIndex(index, tables.plans.length)];
}

function windowAt(p: PlanEntry, index: u32): WindowEntry {
  return p.windows[checkIndex(index, p.windows.length)];
}

/** Checks the plans the core relies on: at least one, each with 1..MAX_WINDOWS_PER_PLAN windows that
 *  start at 0, follow each other without gaps, last at least one tick, end exactly at the major frame
 *  and name a VM of the system or `NO_VM`. Returns the index of the first bad plan, or the plan count. */
export function firstBadPlan(): u32 {
  const tables = systemTables();
  if (tables.plans.length === 0 || tables.plans.length > MAX_PLANS) {
    return 0;
  }
  for (let i: u32 = 0; i < tables.plans.length; i++) {
    const p = tables.plans[i];
    if (p.windows.length === 0 || p.windows.length > MAX_WINDOWS_PER_PLAN || p.majorFrame === 0) {
      return i;
    }
    let position: u32 = 0;
    for (let w: u32 = 0; w < p.windows.length; w = u32(w + 1)) {
      const window = windowAt(p, w);
      if (window.start !== position || window.duration === 0 || window.duration > p.majorFrame) {
        return i;
      }
      if (window.vm !== NO_VM && !isVm(window.vm)) {
        return i;
      }
      position = u32(position + window.duration);
      if (position > p.majorFrame) {
        return i;
      }
    }
    if (position !== p.majorFrame) {
      return i;
    }
  }
  return tables.plans.length;
}

function enterWindow(index: u32): void {
  const p = planAt(plan);
  const window = windowAt(p, index);
  windowIndex = index;
  windowEnd = u32(window.start + window.duration);
  owner = window.vm;
  traceEvent(TraceKind.SlotSwitch, owner, index, plan);
  if (isVm(owner)) {
    const part = partitionOf(owner);
    if (part.state === VmState.Waiting && part.waitReason === WaitReason.NextSlot) {
      part.state = VmState.Ready;
      part.waitReason = WaitReason.None;
    }
  }
}

/** Starts plan 0 at the beginning of its major frame. */
export function schedulerStart(): void {
  plan = 0;
  pendingPlan = NO_PLAN;
  framePosition = 0;
  idleTicks = 0;
  majorFrames = 0;
  enterWindow(0);
}

/** Accounts the tick that just ended to `running` (the VM that was on the CPU, or `NO_VM` for idle)
 *  and moves to the next window when the current one has ended. */
export function schedulerTick(running: u32): void {
  if (isVm(running)) {
    const part = partitionOf(running);
    part.ticksRun = u32(part.ticksRun + 1);
  } else {
    idleTicks = u32(idleTicks + 1);
  }
  framePosition = u32(framePosition + 1);
  if (framePosition < windowEnd) {
    return;
  }
  let next = u32(windowIndex + 1);
  if (next >= planAt(plan).windows.length) {
    next = 0;
    framePosition = 0;
    majorFrames = u32(majorFrames + 1);
    if (pendingPlan !== NO_PLAN) {
      plan = pendingPlan;
      pendingPlan = NO_PLAN;
      traceEvent(TraceKind.PlanSwitch, NO_VM, plan, 1);
    }
  }
  enterWindow(next);
}

/** Requests a switch to plan `index` at the next major-frame boundary (the caller has checked the
 *  capability and the index). A later request replaces an earlier one. */
export function schedulerRequestPlan(vm: VmIndex, index: u32): void {
  pendingPlan = index;
  traceEvent(TraceKind.PlanSwitch, vm, index, 0);
}

/** True when `index` names a plan of the system. */
export function isPlan(index: u32): boolean {
  return index < systemTables().plans.length;
}

/** The VM owning the current window, or `NO_VM` in an idle gap. */
export function slotOwner(): u32 {
  return owner;
}

export function currentPlan(): u32 {
  return plan;
}

export function requestedPlan(): u32 {
  return pendingPlan;
}

/** Position in the major frame, in ticks. */
export function framePositionTicks(): u32 {
  return framePosition;
}

/** Ticks charged to idle (gaps, waiting or stopped slot owners). */
export function idleTickCount(): u32 {
  return idleTicks;
}

/** Major frames completed. */
export function majorFrameCount(): u32 {
  return majorFrames;
}

/** Sum of the ticks charged to every VM and to idle: equals the ticks elapsed since the start. */
export function accountedTicks(): u32 {
  let total = idleTicks;
  const count = vmCount();
  for (let vm: VmIndex = 0; vm < count; vm = u32(vm + 1)) {
    total = u32(total + partitionOf(vm).ticksRun);
  }
  return total;
}
