// Code-quality kernel: the hypervisor's per-tick scheduling decision, a standalone copy of the algorithm
// of firmware/core/scheduler.ts (cyclic executive: plans of contiguous windows in a major frame, the
// tick charged to the running VM or to idle, at a window's end one table lookup for the next window,
// the plan requested last taken at the major-frame boundary). Tracing and partition states are left out;
// the plan is looked up once per window change (once more at a major-frame boundary) and handed to
// enterWindow. The plan index is only ever assigned checked plan numbers, so it indexes the plan table
// without a check.
// The hand-written C twin is slot-lookup.c.
import { checkIndex, u32 } from '../../../transpiler/runtime/index.ts';

/** "No VM": an idle window, or the idle loop was running. */
export const NO_VM = 0xffffffff;
interface Window {
  readonly start: u32;
  readonly duration: u32;
  readonly vm: u32;
}

interface Plan {
  readonly majorFrame: u32;
  readonly windows: readonly Window[];
}

const PLANS: readonly Plan[] = [
  {
    majorFrame: 20,
    windows: [
      { start: 0, duration: 5, vm: 0 },
      { start: 5, duration: 3, vm: 1 },
      { start: 8, duration: 2, vm: NO_VM },
      { start: 10, duration: 6, vm: 2 },
      { start: 16, duration: 4, vm: 3 },
    ],
  },
  {
    majorFrame: 12,
    windows: [
      { start: 0, duration: 4, vm: 1 },
      { start: 4, duration: 8, vm: 0 },
    ],
  },
] as const;

class Partition {
  ticksRun: u32 = 0;
}

const partitions = [new Partition(), new Partition(), new Partition(), new Partition()];

let plan: u32 = 0;
/** The plan from the next major-frame boundary on: the current one unless a switch was requested. */
let nextPlan: u32 = 0;
let windowIndex: u32 = 0;
let windowEnd: u32 = 5;
let framePosition: u32 = 0;
let owner: u32 = 0;
let idleTicks: u32 = 0;
let majorFrames: u32 = 0;

function enterWindow(p: Plan, index: u32): void {
  const window = p.windows[checkIndex(index, p.windows.length)];
  windowIndex = index;
  windowEnd = u32(window.start + window.duration);
  owner = window.vm;
}

/** Starts plan 0 at the beginning of its major frame with all accounting cleared. */
export function schedulerStart(): void {
  plan = 0;
  nextPlan = 0;
  framePosition = 0;
  idleTicks = 0;
  majorFrames = 0;
  for (let vm: u32 = 0; vm < partitions.length; vm++) {
    partitions[vm].ticksRun = 0;
  }
  enterWindow(PLANS[0], 0);
}

/** Accounts the tick that just ended to `running` (a VM, or NO_VM for idle), moves to the next window
 *  when the current one has ended, and returns the VM owning the window now (NO_VM when idle). */
export function schedulerTick(running: u32): u32 {
  if (running < partitions.length) {
    const part = partitions[checkIndex(running, partitions.length)];
    part.ticksRun = u32(part.ticksRun + 1);
  } else {
    idleTicks = u32(idleTicks + 1);
  }
  framePosition = u32(framePosition + 1);
  if (framePosition < windowEnd) {
    return owner;
  }
  let next = u32(windowIndex + 1);
  let p = PLANS[plan];
  if (next >= p.windows.length) {
    next = 0;
    framePosition = 0;
    majorFrames = u32(majorFrames + 1);
    plan = nextPlan;
    p = PLANS[plan];
  }
  enterWindow(p, next);
  return owner;
}

/** Requests a switch to plan `index` at the next major-frame boundary; an index that names no plan is
 *  ignored. */
export function schedulerRequestPlan(index: u32): void {
  if (index < PLANS.length) {
    nextPlan = index;
  }
}

/** Sum of the ticks charged to the VMs and to idle, and the completed major frames, folded into one
 *  word (the benchmark compares it between the two versions). */
export function schedulerDigest(): u32 {
  let total = idleTicks;
  for (let vm: u32 = 0; vm < partitions.length; vm++) {
    total = u32(mul33(total) + partitions[vm].ticksRun);
  }
  return u32(mul33(total) + majorFrames);
}

function mul33(x: u32): u32 {
  return u32((x << 5) + x);
}
