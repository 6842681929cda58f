// Hypervisor self-checks ("invariants"): properties of the core's own state that must hold whatever
// the guests do. The stack canaries of the privileged-mode stacks (planted by the BSP at reset) are
// checked at every tick; the structure checks (scheduler plan and window, partition states, the
// running VM, port queue counts, pending virtual interrupts, trace ring, fault log, tick accounting)
// and the idle thread's stack canary at the start of every major frame. A failed check prints
//   hv: invariant <name> failed 0x<detail, 8 hex digits>
// on the hypervisor console (once per check) and raises an `internal-error` health event (not
// against a VM); when the system description sets `invariantsReportTicks`, every that many ticks the
// console gets `hv: invariants ok <checks run>` (or `hv: invariants FAILED <failures> of <checks run>`).
import { checkIndex, cstr, rem, u32 } from '../../transpiler/runtime/index.ts';
import { PortIndex, VmIndex } from './domain.ts';
import { now } from './clock.ts';
import { faultLogCount, faultLogHas, healthRaise } from './health.ts';
import { MAX_MPU_REGIONS, MAX_VMS, NO_VM, TRACE_RING_EVENTS } from './limits.ts';
import { WaitReason, partitionOf } from './partition.ts';
import { VmState } from './hypercall-numbers.ts';
import { queueHeadIndex, queuingStatus } from './ports.ts';
import {
  NO_PLAN,
  accountedTicks,
  currentPlan,
  framePositionTicks,
  isPlan,
  requestedPlan,
  slotOwner,
} from './scheduler.ts';
import { isVm, systemTables, vmCount, vmEntry } from './system.ts';
import { HealthEvent, PortKind } from './tables.ts';
import { hvLogDecimal, hvLogEnd, hvLogHex, hvLogText } from './hv-log.ts';
import { tracePending } from './trace.ts';
import { VcpuContext } from './vcpu-context.ts';
import { portIdleStackCanaryBroken, portStackCanariesBroken } from '../port/stack-canary.ts';
import { VIRQ_PORT, VIRQ_TIMER, VIRQ_VCAN, virqOf } from './virq.ts';

/** Bit positions of the checks (also the order of the report). Each says what it protects; none can be
 *  made to fail by anything a guest does (docs/ISOLATION.md, "Self-checks", lists the attacks tried). */
export enum Invariant {
  /** The privileged-mode and idle stacks did not overflow into each other or into data. */
  StackCanary = 0,
  /** The current and requested plans are plans of the system (time partitioning has a schedule). */
  SchedulePlan = 1,
  /** The frame position lies in a window of the plan whose owner is the slot owner (no VM runs in
   *  another's window). */
  ScheduleWindow = 2,
  /** Every VM's state, wait reason, MPU block size and restart count are in range, and only the VM on
   *  the CPU is Running. */
  PartitionState = 3,
  /** The VM on the CPU is Running (or the idle thread runs). */
  RunningVm = 4,
  /** No queuing port holds more messages than its depth (no message overwritten or read twice). */
  PortQueue = 5,
  /** Only interrupts the hypervisor raises for a VM are pending there (no interrupt forged). */
  VirqPending = 6,
  /** The trace ring holds no more records than it has slots (no record overwritten unstreamed). */
  TraceRing = 7,
  /** The newest fault-log entry carries its own sequence number (no entry overwritten out of turn). */
  FaultLog = 8,
  /** Every tick was counted once, in exactly one VM's or the idle thread's account. */
  TickAccounting = 9,
}

/** Individual checks evaluated since `hvInit`. */
let checksRun: u32 = 0;
/** Checks that failed since `hvInit`. */
let failures: u32 = 0;
/** Bit `Invariant` set: that check has failed (and was reported) since `hvInit`. */
let failedChecks: u32 = 0;
const statusScratch: VcpuContext = new VcpuContext();

/** Forgets every count (at `hvInit`). */
export function invariantsReset(): void {
  checksRun = 0;
  failures = 0;
  failedChecks = 0;
}

/** Checks evaluated since `hvInit`. */
export function invariantChecksRun(): u32 {
  return checksRun;
}

/** Checks failed since `hvInit`. */
export function invariantFailures(): u32 {
  return failures;
}

/** Bit `Invariant` set: that check failed at least once since `hvInit`. */
export function invariantFailedMask(): u32 {
  return failedChecks;
}

/** Records one evaluated check; a failure is reported once per check kind. */
function expect(holds: boolean, check: Invariant, name: cstr, detail: u32): void {
  checksRun = u32(checksRun + 1);
  if (holds) {
    return;
  }
  failures = u32(failures + 1);
  const bit = u32(1 << (u32(check) & 31));
  if (u32(failedChecks & bit) !== 0) {
    return;
  }
  failedChecks = u32(failedChecks | bit);
  hvLogText('hv: invariant ');
  hvLogText(name);
  hvLogText(' failed ');
  hvLogHex(detail);
  hvLogEnd();
  healthRaise(NO_VM, HealthEvent.InternalError, u32(check), detail);
}

function checkSchedule(): void {
  const tables = systemTables();
  const plan = currentPlan();
  const pending = requestedPlan();
  expect(
    isPlan(plan) && (pending === NO_PLAN || isPlan(pending)),
    Invariant.SchedulePlan,
    'schedule-plan',
    u32(u32(plan << 16) | u32(pending & 0xffff)),
  );
  if (!isPlan(plan)) {
    return;
  }
  const entry = tables.plans[checkIndex(plan, tables.plans.length)];
  const position = framePositionTicks();
  let windowOwner: u32 = NO_VM;
  let found = false;
  for (let w: u32 = 0; w < entry.windows.length; w++) {
    const window = entry.windows[w];
    if (position >= window.start && u32(position - window.start) < window.duration) {
      windowOwner = window.vm;
      found = true;
    }
  }
  expect(
    position < entry.majorFrame && found && windowOwner === slotOwner(),
    Invariant.ScheduleWindow,
    'schedule-window',
    u32(u32(position << 8) | u32(slotOwner() & 0xff)),
  );
}

function checkPartitions(running: u32): void {
  const count = vmCount();
  for (let vm: VmIndex = 0; vm < count; vm++) {
    const p = partitionOf(vm);
    const state = u32(p.state);
    const reason = u32(p.waitReason);
    const consistent =
      state <= u32(VmState.Restarting) &&
      reason <= u32(WaitReason.Event) &&
      (p.waitReason === WaitReason.None || p.state === VmState.Waiting) &&
      p.mpuRegionCount <= MAX_MPU_REGIONS &&
      p.healthRestarts <= vmEntry(vm).restartLimit &&
      (p.state !== VmState.Running || vm === running);
    expect(
      consistent,
      Invariant.PartitionState,
      'partition-state',
      u32(u32(u32(vm << 16) | u32(state << 8)) | u32(reason & 0xff)),
    );
  }
  expect(
    running === NO_VM || (isVm(running) && partitionOf(running).state === VmState.Running),
    Invariant.RunningVm,
    'running-vm',
    running,
  );
}

function checkPorts(): void {
  const tables = systemTables();
  for (let port: PortIndex = 0; port < tables.ports.length; port++) {
    const entry = tables.ports[port];
    if (entry.kind === PortKind.Queuing) {
      for (let vm: VmIndex = 0; vm < MAX_VMS; vm++) {
        if (u32(entry.destinations & u32(1 << vm)) !== 0) {
          queuingStatus(vm, port, statusScratch);
          const queued = statusScratch.r[1];
          const head = queueHeadIndex(port, vm);
          // detail: port << 24 | destination VM << 16 | oldest-message index << 8 | messages queued
          expect(
            queued <= entry.depth && head < entry.depth,
            Invariant.PortQueue,
            'port-queue',
            u32(u32(u32(port << 24) | u32(vm << 16)) | u32(u32(u32(head & 0xff) << 8) | u32(queued & 0xff))),
          );
        }
      }
    }
  }
}

/** Virtual interrupts the hypervisor can raise for `vm`: timer, port, virtual CAN and its routed
 *  device interrupts. */
function raisableVirqs(vm: VmIndex): u32 {
  const tables = systemTables();
  let mask = u32(u32(u32(1 << VIRQ_TIMER) | u32(1 << VIRQ_PORT)) | u32(1 << VIRQ_VCAN));
  for (let i: u32 = 0; i < tables.irqRoutes.length; i++) {
    const route = tables.irqRoutes[i];
    if (route.vm === vm) {
      mask = u32(mask | u32(1 << (route.virq & 31)));
    }
  }
  return mask;
}

/** Pending virtual interrupts are only ones the hypervisor raises for that VM: no guest call can make
 *  one pending (a guest may enable, disable, acknowledge any number and register or clear its handler
 *  at any time, inside an upcall too; none of that makes an interrupt pending). */
function checkVirqs(): void {
  const count = vmCount();
  for (let vm: VmIndex = 0; vm < count; vm++) {
    const s = virqOf(vm);
    const stray = u32(s.pending & u32(~raisableVirqs(vm)));
    expect(stray === 0, Invariant.VirqPending, 'virq-pending', stray);
  }
}

function checkLogs(): void {
  const pending = tracePending();
  expect(pending <= TRACE_RING_EVENTS, Invariant.TraceRing, 'trace-ring', pending);
  const logged = faultLogCount();
  expect(logged === 0 || faultLogHas(u32(logged - 1)), Invariant.FaultLog, 'fault-log', logged);
  expect(accountedTicks() === now(), Invariant.TickAccounting, 'tick-accounting', accountedTicks());
}

/** Runs every structure check now (`running`: the VM on the CPU, or `NO_VM`). */
export function invariantsCheckStructures(running: u32): void {
  checkSchedule();
  checkPartitions(running);
  checkPorts();
  checkVirqs();
  checkLogs();
}

/** Prints the report line. */
export function invariantsReport(): void {
  if (failures === 0) {
    hvLogText('hv: invariants ok ');
  } else {
    hvLogText('hv: invariants FAILED ');
    hvLogDecimal(failures);
    hvLogText(' of ');
  }
  hvLogDecimal(checksRun);
  hvLogEnd();
}

/** End of a tick (after the next context was chosen; `running` is on the CPU): the mode stacks'
 *  canaries every tick; structures and the idle thread's stack canary at the start of a major frame
 *  (off the ticks inside the frame, which switch VMs); the report when its period has come. */
export function invariantsOnTick(running: u32): void {
  const broken = portStackCanariesBroken();
  expect(broken === 0, Invariant.StackCanary, 'stack-canary', broken);
  if (framePositionTicks() === 0) {
    invariantsCheckStructures(running);
    const idleBroken = portIdleStackCanaryBroken();
    expect(idleBroken === 0, Invariant.StackCanary, 'stack-canary', idleBroken);
  }
  const period = systemTables().invariantsReportTicks;
  if (period !== 0 && u32(rem(now(), period)) === 0) {
    invariantsReport();
  }
}
