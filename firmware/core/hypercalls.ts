// Hypercall dispatch: decodes the call number (the SVC immediate) and the arguments in r0..r3 of the
// caller's saved context, runs the call and writes the result code to r0 and values to r1..r3. Every
// pointer is checked against the caller's own memory areas and every privileged call against its
// capabilities. A call with an unknown number, an invalid buffer or a missing capability also raises a
// `bad-hypercall` health event after its result is written (the VM's policy decides what follows).
// Numbers, registers and results: docs/HYPERCALLS.md.
import { checkIndex, u32, u8 } from '../../transpiler/runtime/index.ts';
import { now } from './clock.ts';
import { consoleWrite } from './console.ts';
import { checkGuestCode, checkGuestRange } from './guest-access.ts';
import { FAULT_LOG_ENTRY_WORDS, NO_VM } from './limits.ts';
import {
  faultLogCount,
  faultLogFind,
  faultLogOverwritten,
  faultLogSlotWord,
  healthRaise,
  restartRateAllows,
  startVerified,
} from './health.ts';
import { HYPERCALL_ABI_VERSION, Hypercall, HvResult, VmStatusPage, VmState } from './hypercall-numbers.ts';
import { vmHalt, watchdogRearm } from './lifecycle.ts';
import { WaitReason, partitionOf } from './partition.ts';
import { queuingReceive, queuingSend, queuingStatus, samplingRead, samplingWrite } from './ports.ts';
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
import { TraceKind, traceEvent, traceLostOf } from './trace.ts';
import { vcanCallReceive, vcanCallSend, vcanCallStatus } from './vcan/vcan-calls.ts';
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

/** Address reported with a `bad-hypercall` health event (the offending pointer, or 0). */
let offendingAddress: u32 = 0;
/** False when the call replaced the caller's context (upcall return, self restart): r0 is not written. */
let writeResult: boolean = true;

function hasCapability(vm: u32, capability: u32): boolean {
  return u32(vmEntry(vm).capabilities & capability) !== 0;
}

/** True for results that mean the guest broke the ABI (a `bad-hypercall` health event follows). */
function isAbiViolation(result: HvResult): boolean {
  return (
    result === HvResult.UnknownCall ||
    result === HvResult.BadAddress ||
    result === HvResult.BadLength ||
    result === HvResult.Misaligned ||
    result === HvResult.NoCapability
  );
}

function putWordLE(offset: u32, value: u32): void {
  faultEntryStaging[checkIndex(offset, faultEntryStaging.length)] = u8(value);
  faultEntryStaging[checkIndex(u32(offset + 1), faultEntryStaging.length)] = u8(value >>> 8);
  faultEntryStaging[checkIndex(u32(offset + 2), faultEntryStaging.length)] = u8(value >>> 16);
  faultEntryStaging[checkIndex(u32(offset + 3), faultEntryStaging.length)] = u8(value >>> 24);
}

function callYield(vm: u32): HvResult {
  const p = partitionOf(vm);
  p.state = VmState.Waiting;
  p.waitReason = WaitReason.NextSlot;
  return HvResult.Ok;
}

function callWaitEvent(vm: u32, ctx: VcpuContext): HvResult {
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

function callSetHandler(vm: u32, address: u32): HvResult {
  if (address !== 0) {
    offendingAddress = address;
    const valid = checkGuestCode(vm, address, AREA_EXEC);
    if (valid !== HvResult.Ok) {
      return valid;
    }
  }
  virqOf(vm).handler = address;
  return HvResult.Ok;
}

function callVirqReturn(vm: u32, ctx: VcpuContext): HvResult {
  const restored = virqReturn(vm, ctx);
  if (restored === HvResult.Ok) {
    writeResult = false;
  }
  return restored;
}

function callVirqAck(vm: u32, virq: u32): HvResult {
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

function callVmStatus(vm: u32, target: u32, ctx: VcpuContext): HvResult {
  if (!isVm(target)) {
    return HvResult.BadVm;
  }
  if (target !== vm && !hasCapability(vm, CAP_VM_STATUS)) {
    return HvResult.NoCapability;
  }
  const page = ctx.r[1];
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

function callVmRestart(vm: u32, target: u32, mode: u32): HvResult {
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
  if (target === vm) {
    // The caller's context is replaced (restarted now, or when its cold restart is done): r0 is not
    // written, there is no caller to return to.
    writeResult = false;
  }
  // A cold restart only begins here: the target is `Restarting` until its image is checked and copied
  // back in its own slots (restart.ts), then starts, or is halted with an integrity event when the
  // pristine copy is corrupted. The caller sees the outcome in the target's state (VmStatus).
  startVerified(target, mode === 1);
  return HvResult.Ok;
}

function callVmHalt(vm: u32, target: u32): HvResult {
  if (!isVm(target)) {
    return HvResult.BadVm;
  }
  if (target !== vm && !hasCapability(vm, CAP_HALT_VM)) {
    return HvResult.NoCapability;
  }
  vmHalt(target);
  return HvResult.Ok;
}

function callPlanSwitch(vm: u32, plan: u32, ctx: VcpuContext): HvResult {
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

function callFaultLogRead(vm: u32, sequence: u32, address: u32, length: u32, ctx: VcpuContext): HvResult {
  if (!hasCapability(vm, CAP_READ_FAULT_LOG)) {
    return HvResult.NoCapability;
  }
  offendingAddress = address;
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

function dispatch(vm: u32, call: u32, ctx: VcpuContext): HvResult {
  const a0 = ctx.r[0];
  const a1 = ctx.r[1];
  const a2 = ctx.r[2];
  switch (call) {
    case u32(Hypercall.Version):
      ctx.r[1] = HYPERCALL_ABI_VERSION;
      ctx.r[2] = vm;
      ctx.r[3] = vmCount();
      return HvResult.Ok;
    case u32(Hypercall.Yield):
      return callYield(vm);
    case u32(Hypercall.WaitEvent):
      return callWaitEvent(vm, ctx);
    case u32(Hypercall.GetTime):
      ctx.r[1] = now();
      ctx.r[2] = systemTables().tickMicroseconds;
      ctx.r[3] = framePositionTicks();
      return HvResult.Ok;
    case u32(Hypercall.ConsoleWrite):
      offendingAddress = a0;
      return consoleWrite(vm, a0, a1, ctx);
    case u32(Hypercall.SamplingWrite):
      offendingAddress = a1;
      return samplingWrite(vm, a0, a1, a2);
    case u32(Hypercall.SamplingRead):
      offendingAddress = a1;
      return samplingRead(vm, a0, a1, a2, ctx);
    case u32(Hypercall.QueuingSend):
      offendingAddress = a1;
      return queuingSend(vm, a0, a1, a2);
    case u32(Hypercall.QueuingReceive):
      offendingAddress = a1;
      return queuingReceive(vm, a0, a1, a2, ctx);
    case u32(Hypercall.QueuingStatus):
      return queuingStatus(vm, a0, ctx);
    case u32(Hypercall.VirqSetHandler):
      return callSetHandler(vm, a0);
    case u32(Hypercall.VirqEnable):
      if (!isVirq(a0)) {
        return HvResult.BadVirq;
      }
      virqEnable(vm, a0);
      return HvResult.Ok;
    case u32(Hypercall.VirqDisable):
      if (!isVirq(a0)) {
        return HvResult.BadVirq;
      }
      virqDisable(vm, a0);
      return HvResult.Ok;
    case u32(Hypercall.VirqAck):
      return callVirqAck(vm, a0);
    case u32(Hypercall.VirqReturn):
      return callVirqReturn(vm, ctx);
    case u32(Hypercall.TimerSet):
      vtimerSet(vm, a0, a1);
      return HvResult.Ok;
    case u32(Hypercall.WatchdogKick):
      watchdogRearm(vm);
      ctx.r[1] = vmEntry(vm).watchdogTicks;
      return HvResult.Ok;
    case u32(Hypercall.VmStatus):
      return callVmStatus(vm, a0, ctx);
    case u32(Hypercall.VmRestart):
      return callVmRestart(vm, a0, a1);
    case u32(Hypercall.VmHalt):
      return callVmHalt(vm, a0);
    case u32(Hypercall.PlanSwitch):
      return callPlanSwitch(vm, a0, ctx);
    case u32(Hypercall.FaultLogRead):
      return callFaultLogRead(vm, a0, a1, a2, ctx);
    case u32(Hypercall.CanSend):
      return vcanCallSend(vm, ctx);
    case u32(Hypercall.CanReceive):
      offendingAddress = a0;
      return vcanCallReceive(vm, ctx);
    case u32(Hypercall.CanStatus):
      return vcanCallStatus(vm, ctx);
    default:
      return HvResult.UnknownCall;
  }
}

/** Records call `call` of VM `vm` with its hypercall trace record and raises `bad-hypercall` when
 *  `result` is an ABI violation (with `offending`, the offending pointer or 0). A queuing send or
 *  receive that returns Ok never comes here: it is recorded by its port record alone
 *  (docs/ARCHITECTURE.md "Trace format"); every other call, and every other result, is. */
function recordOutcome(vm: u32, call: u32, result: HvResult, offending: u32): void {
  traceEvent(TraceKind.Hypercall, vm, call, u32(result));
  if (isAbiViolation(result)) {
    healthRaise(vm, HealthEvent.BadHypercall, offending, u32(call | u32(u32(result) << 16)));
  }
}

/** Runs hypercall `call` (the SVC immediate: any number; unassigned ones are `UnknownCall`) for VM `vm`
 *  on its saved context `ctx`. Returns the result code. */
export function hypercallDispatch(vm: u32, call: u32, ctx: VcpuContext): HvResult {
  if (!isVm(vm)) {
    offendingAddress = 0;
    writeResult = true;
    healthRaise(NO_VM, HealthEvent.InternalError, 0, call);
    return HvResult.UnknownCall;
  }
  // Queuing send and receive, the hot calls, go straight to their handlers: both always write their
  // result to r0 and report their buffer pointer (r1) with a `bad-hypercall`, exactly as `dispatch` would.
  if (call === u32(Hypercall.QueuingSend)) {
    const buffer = ctx.r[1];
    const sent = queuingSend(vm, ctx.r[0], buffer, ctx.r[2]);
    ctx.r[0] = u32(sent);
    if (sent !== HvResult.Ok) {
      recordOutcome(vm, call, sent, buffer);
    }
    return sent;
  }
  if (call === u32(Hypercall.QueuingReceive)) {
    const buffer = ctx.r[1];
    const received = queuingReceive(vm, ctx.r[0], buffer, ctx.r[2], ctx);
    ctx.r[0] = u32(received);
    if (received !== HvResult.Ok) {
      recordOutcome(vm, call, received, buffer);
    }
    return received;
  }
  offendingAddress = 0;
  writeResult = true;
  const result = dispatch(vm, call, ctx);
  if (writeResult) {
    ctx.r[0] = u32(result);
  }
  recordOutcome(vm, call, result, offendingAddress);
  return result;
}
