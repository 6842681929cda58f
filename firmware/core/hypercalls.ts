// Hypercall handlers: one function per call that the core itself implements (the port, console and
// virtual-CAN calls are handled in ports.ts, console.ts and vcan/), each taking the caller's VM and the
// call's arguments as the hypercall table lists them (firmware/abi/hypercalls.ts) and returning the
// result code; a call with values writes them to r1..r3 of the caller's context `ctx`. Every pointer is
// checked against the caller's own memory areas and every privileged call against its capabilities.
// The generated dispatch (hypercall-dispatch.ts) decodes the registers, calls these and writes r0.
// Numbers, registers and results: docs/HYPERCALLS.md.
import { checkIndex, u32, u8 } from '../../transpiler/runtime/index.ts';
import { now } from './clock.ts';
import { GuestAddress, PlanIndex, Ticks, Virq, VmIndex } from './domain.ts';
import { checkGuestCode, checkGuestRange } from './guest-access.ts';
import { FAULT_LOG_ENTRY_WORDS } from './limits.ts';
import {
  faultLogCount,
  faultLogFind,
  faultLogOverwritten,
  faultLogSlotWord,
  healthRaise,
  restartRateAllows,
  startVerified,
} from './health.ts';
import { HYPERCALL_ABI_VERSION, HvResult, VmStatusPage, VmState } from './hypercall-numbers.ts';
import { vmHalt, watchdogRearm } from './lifecycle.ts';
import { WaitReason, partitionOf } from './partition.ts';
import { currentPlan, framePositionTicks, isPlan, schedulerRequestPlan } from './scheduler.ts';
import { isVm, systemTables, vmCount, vmEntry } from './system.ts';
import {
  AREA_EXEC,
  AREA_WRITE,
  CAP_HALT_VM,
  CAP_READ_FAULT_LOG,
  CAP_RESTART_VM,
  CAP_SWITCH_PLAN,
  CAP_VM_STATUS,
  HealthEvent,
} from './tables.ts';
import { traceLostOf } from './trace.ts';
import { VcpuContext } from './vcpu-context.ts';
import {
  completeWaitEvent,
  isVirq,
  virqActive,
  virqDisable,
  virqEnable,
  virqOf,
  virqReturn,
} from './virq.ts';
import { vtimerSet } from './vtimer.ts';
import { portCopyToGuest } from '../port/memory.ts';
import { portIrqUnmask } from '../port/irq.ts';

/** Bytes of one fault-log entry as copied to a guest. */
export const FAULT_ENTRY_BYTES = 24;

const faultEntryStaging: Uint8Array = new Uint8Array(24);

function hasCapability(vm: VmIndex, capability: u32): boolean {
  return u32(vmEntry(vm).capabilities & capability) !== 0;
}

function putWordLE(offset: u32, value: u32): void {
  faultEntryStaging[checkIndex(offset, faultEntryStaging.length)] = u8(value);
  faultEntryStaging[checkIndex(u32(offset + 1), faultEntryStaging.length)] = u8(value >>> 8);
  faultEntryStaging[checkIndex(u32(offset + 2), faultEntryStaging.length)] = u8(value >>> 16);
  faultEntryStaging[checkIndex(u32(offset + 3), faultEntryStaging.length)] = u8(value >>> 24);
}

/** `Version`: r1 ABI version, r2 the caller's VM index, r3 the number of VMs. */
export function hcVersion(vm: VmIndex, ctx: VcpuContext): HvResult {
  ctx.r[1] = HYPERCALL_ABI_VERSION;
  ctx.r[2] = vm;
  ctx.r[3] = vmCount();
  return HvResult.Ok;
}

/** `Yield`: the caller waits for its next slot. */
export function hcYield(vm: VmIndex): HvResult {
  const p = partitionOf(vm);
  p.state = VmState.Waiting;
  p.waitReason = WaitReason.NextSlot;
  return HvResult.Ok;
}

/** `WaitEvent`: completes at once when an enabled virtual interrupt is pending (r1 the pending mask),
 *  else blocks the caller (r1 0 until `completeWaitEvent` writes the mask). */
export function hcWaitEvent(vm: VmIndex, ctx: VcpuContext): HvResult {
  if (virqActive(virqOf(vm)) !== 0) {
    completeWaitEvent(vm, ctx);
    return HvResult.Ok;
  }
  const p = partitionOf(vm);
  p.state = VmState.Waiting;
  p.waitReason = WaitReason.Event;
  ctx.r[1] = 0;
  return HvResult.Ok;
}

/** `GetTime`: r1 ticks since boot, r2 tick length in microseconds, r3 position in the major frame. */
export function hcGetTime(_vm: VmIndex, ctx: VcpuContext): HvResult {
  ctx.r[1] = now();
  ctx.r[2] = systemTables().tickMicroseconds;
  ctx.r[3] = framePositionTicks();
  return HvResult.Ok;
}

/** `VirqSetHandler`: registers the caller's upcall entry (0: none) after checking it is its code. */
export function hcVirqSetHandler(vm: VmIndex, address: GuestAddress): HvResult {
  if (address !== 0) {
    const valid = checkGuestCode(vm, address, AREA_EXEC);
    if (valid !== HvResult.Ok) {
      return valid;
    }
  }
  virqOf(vm).handler = address;
  return HvResult.Ok;
}

/** `VirqEnable`. */
export function hcVirqEnable(vm: VmIndex, virq: Virq): HvResult {
  if (!isVirq(virq)) {
    return HvResult.BadVirq;
  }
  virqEnable(vm, virq);
  return HvResult.Ok;
}

/** `VirqDisable`. */
export function hcVirqDisable(vm: VmIndex, virq: Virq): HvResult {
  if (!isVirq(virq)) {
    return HvResult.BadVirq;
  }
  virqDisable(vm, virq);
  return HvResult.Ok;
}

/** `VirqReturn`: ends the caller's upcall, restoring the interrupted context into `ctx` (on `Ok` the
 *  dispatch leaves r0 as restored). */
export function hcVirqReturn(vm: VmIndex, ctx: VcpuContext): HvResult {
  return virqReturn(vm, ctx);
}

/** `VirqAck`: unmasks at the GIC every passed-through interrupt routed to the caller as `virq`. */
export function hcVirqAck(vm: VmIndex, virq: Virq): HvResult {
  if (!isVirq(virq)) {
    return HvResult.BadVirq;
  }
  const tables = systemTables();
  for (let i: u32 = 0; i < tables.irqRoutes.length; i++) {
    const route = tables.irqRoutes[checkIndex(i, tables.irqRoutes.length)];
    if (route.vm === vm && route.virq === virq) {
      portIrqUnmask(route.irq);
    }
  }
  return HvResult.Ok;
}

/** `TimerSet`: arms the caller's virtual timer. */
export function hcTimerSet(vm: VmIndex, delay: Ticks, period: Ticks): HvResult {
  vtimerSet(vm, delay, period);
  return HvResult.Ok;
}

/** `WatchdogKick`: re-arms the caller's watchdog; r1 its period. */
export function hcWatchdogKick(vm: VmIndex, ctx: VcpuContext): HvResult {
  watchdogRearm(vm);
  ctx.r[1] = vmEntry(vm).watchdogTicks;
  return HvResult.Ok;
}

/** `VmStatus`: page `page` of VM `target` (`VmStatusPage`); r1 its state, r2 and r3 the page's values. */
export function hcVmStatus(vm: VmIndex, target: VmIndex, page: u32, ctx: VcpuContext): HvResult {
  if (!isVm(target)) {
    return HvResult.BadVm;
  }
  if (target !== vm && !hasCapability(vm, CAP_VM_STATUS)) {
    return HvResult.NoCapability;
  }
  if (
    page !== u32(VmStatusPage.Status) &&
    page !== u32(VmStatusPage.Counters) &&
    page !== u32(VmStatusPage.Losses)
  ) {
    return HvResult.BadArgument;
  }
  const p = partitionOf(target);
  ctx.r[1] = u32(p.state);
  if (page === u32(VmStatusPage.Counters)) {
    ctx.r[2] = p.starts;
    ctx.r[3] = p.faults;
  } else if (page === u32(VmStatusPage.Losses)) {
    ctx.r[2] = faultLogOverwritten(target);
    ctx.r[3] = traceLostOf(target);
  } else {
    ctx.r[2] = p.healthRestarts;
    ctx.r[3] = p.ticksRun;
  }
  return HvResult.Ok;
}

/** `VmRestart`: restarts VM `target`, warm (0) or cold (1). Restarting the caller itself replaces its
 *  context (the dispatch then leaves r0 as the restart set it). */
export function hcVmRestart(vm: VmIndex, target: VmIndex, mode: u32): HvResult {
  if (!isVm(target)) {
    return HvResult.BadVm;
  }
  if (mode > 1) {
    return HvResult.BadArgument;
  }
  if (target !== vm && !hasCapability(vm, CAP_RESTART_VM)) {
    return HvResult.NoCapability;
  }
  if (!restartRateAllows(vm, target)) {
    return HvResult.RateLimited;
  }
  // A cold restart only begins here: the target is `Restarting` until its image is checked and copied
  // back in its own slots (restart.ts), then starts, or is halted with an integrity event when the
  // pristine copy is corrupted. The caller sees the outcome in the target's state (VmStatus).
  startVerified(target, mode === 1);
  return HvResult.Ok;
}

/** `VmHalt`: halts VM `target`. */
export function hcVmHalt(vm: VmIndex, target: VmIndex): HvResult {
  if (!isVm(target)) {
    return HvResult.BadVm;
  }
  if (target !== vm && !hasCapability(vm, CAP_HALT_VM)) {
    return HvResult.NoCapability;
  }
  vmHalt(target);
  return HvResult.Ok;
}

/** `FaultReport`: VM `vm` reports a fault it caught itself (an Armv8-R guest's own EL1 vectors took an
 *  undefined instruction, an abort or an SVC it cannot serve): raised as health event `event` against
 *  the caller, as if the hypervisor had seen it. Only the synchronous-fault events may be reported;
 *  their policy never resumes the caller (`decideAction`), so the call does not return. */
export function hcFaultReport(vm: VmIndex, event: u32, address: u32, detail: u32): HvResult {
  let reported: HealthEvent = HealthEvent.MpuViolation;
  if (event === u32(HealthEvent.UndefinedInstruction)) {
    reported = HealthEvent.UndefinedInstruction;
  } else if (event === u32(HealthEvent.PrefetchAbort)) {
    reported = HealthEvent.PrefetchAbort;
  } else if (event !== u32(HealthEvent.MpuViolation)) {
    return HvResult.BadArgument;
  }
  healthRaise(vm, reported, address, detail);
  return HvResult.Ok;
}

/** `PlanSwitch`: requests plan `plan` at the next major-frame boundary; r1 the plan running now. */
export function hcPlanSwitch(vm: VmIndex, plan: PlanIndex, ctx: VcpuContext): HvResult {
  if (!hasCapability(vm, CAP_SWITCH_PLAN)) {
    return HvResult.NoCapability;
  }
  if (!isPlan(plan)) {
    return HvResult.BadPlan;
  }
  schedulerRequestPlan(vm, plan);
  ctx.r[1] = currentPlan();
  return HvResult.Ok;
}

/** `FaultLogRead`: copies fault-log entry `sequence` (or the oldest later one still held) to the
 *  caller's word-aligned buffer at `address` (`length` bytes); r1 the entries ever logged, also on
 *  `Empty`. */
export function hcFaultLogRead(
  vm: VmIndex,
  sequence: u32,
  address: GuestAddress,
  length: u32,
  ctx: VcpuContext,
): HvResult {
  if (!hasCapability(vm, CAP_READ_FAULT_LOG)) {
    return HvResult.NoCapability;
  }
  if ((address & 3) !== 0) {
    return HvResult.Misaligned;
  }
  if (length < FAULT_ENTRY_BYTES) {
    return HvResult.TooSmall;
  }
  const valid = checkGuestRange(vm, address, length, AREA_WRITE);
  if (valid !== HvResult.Ok) {
    return valid;
  }
  const logged = faultLogCount();
  ctx.r[1] = logged;
  if (sequence >= logged) {
    return HvResult.Empty;
  }
  // Entry `sequence`, or when it was overwritten the oldest later one still held (its sequence number
  // tells the reader what was lost). `sequence` is below the count, so there is one.
  const slot = faultLogFind(sequence);
  for (let word: u32 = 0; word < FAULT_LOG_ENTRY_WORDS; word = u32(word + 1)) {
    putWordLE(u32(word << 2), faultLogSlotWord(slot, word));
  }
  portCopyToGuest(address, faultEntryStaging, 0, FAULT_ENTRY_BYTES);
  return HvResult.Ok;
}
