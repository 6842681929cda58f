// Health monitor: turns events (MPU violation, undefined instruction, prefetch abort, bad hypercall,
// watchdog expiry, internal error) into the action the system description sets for the VM, with a
// restart limit after which the VM is halted (and `hv: <vm> halted: restart limit <n> reached` is
// printed on the hypervisor console); records every event in a timestamped fault log (a ring read by
// privileged VMs). Two events have fixed actions: `integrity` (a VM image whose digest does not match
// the build's is never started: halt) and `irq-storm` (log; the interrupt is masked by `virq.ts`).
// Starts and cold restarts go through the image integrity check (`integrity.ts`). Guests can only
// ever stop themselves: the hypervisor keeps running.
import { checkIndex, mul, rem, u32 } from '../../transpiler/runtime/index.ts';
import { now, tickReached } from './clock.ts';
import { FAULT_LOG_ENTRIES, FAULT_LOG_ENTRY_WORDS, FAULT_LOG_WORDS, NO_VM } from './limits.ts';
import { vmHalt, vmStart, vmSuspend, watchdogRearm } from './lifecycle.ts';
import { VmState, partitionOf } from './partition.ts';
import { isVm, vmEntry } from './system.ts';
import { HealthAction, HealthEvent, HEALTH_EVENT_COUNT } from './tables.ts';
import { hvLogDecimal, hvLogEnd, hvLogHex, hvLogText, hvLogVmName } from './hv-log.ts';
import { ImageCopy, imageExpectedDigest, imageIntact, integrityLastDigest } from './integrity.ts';
import { TraceKind, traceEvent } from './trace.ts';

/** Fault-log entry words: sequence, tick, vm | event << 8 | action << 16, address, detail, restarts. */
export const FAULT_WORD_SEQUENCE = 0;
export const FAULT_WORD_TICK = 1;
export const FAULT_WORD_WHO = 2;
export const FAULT_WORD_ADDRESS = 3;
export const FAULT_WORD_DETAIL = 4;
export const FAULT_WORD_RESTARTS = 5;

const faultLog: Uint32Array = new Uint32Array(FAULT_LOG_WORDS);
/** Entries ever logged (the next entry's sequence number). */
let logged: u32 = 0;

/** Empties the fault log (at `hvInit`). */
export function healthReset(): void {
  logged = 0;
  for (let i: u32 = 0; i < faultLog.length; i++) {
    faultLog[i] = 0;
  }
}

/** Entries ever logged; entries with sequence numbers below `faultLogCount() - FAULT_LOG_ENTRIES` have
 *  been overwritten. */
export function faultLogCount(): u32 {
  return logged;
}

/** True when entry `sequence` is still in the log. */
export function faultLogHas(sequence: u32): boolean {
  return sequence < logged && u32(logged - sequence) <= FAULT_LOG_ENTRIES;
}

/** Word `word` of fault-log entry `sequence` (which must be in the log). */
export function faultLogWord(sequence: u32, word: u32): u32 {
  const base = u32(mul(u32(rem(sequence, FAULT_LOG_ENTRIES)), FAULT_LOG_ENTRY_WORDS));
  return faultLog[checkIndex(u32(base + word), faultLog.length)];
}

function packWho(vm: u32, event: HealthEvent, action: HealthAction): u32 {
  const eventBits = u32(u32(event) << 8);
  const actionBits = u32(u32(action) << 16);
  return u32(u32((vm & 0xff) | eventBits) | actionBits);
}

function logEntry(
  vm: u32,
  event: HealthEvent,
  action: HealthAction,
  address: u32,
  detail: u32,
  restarts: u32,
): void {
  const base = u32(mul(u32(rem(logged, FAULT_LOG_ENTRIES)), FAULT_LOG_ENTRY_WORDS));
  faultLog[checkIndex(u32(base + FAULT_WORD_SEQUENCE), faultLog.length)] = logged;
  faultLog[checkIndex(u32(base + FAULT_WORD_TICK), faultLog.length)] = now();
  faultLog[checkIndex(u32(base + FAULT_WORD_WHO), faultLog.length)] = packWho(vm, event, action);
  faultLog[checkIndex(u32(base + FAULT_WORD_ADDRESS), faultLog.length)] = address;
  faultLog[checkIndex(u32(base + FAULT_WORD_DETAIL), faultLog.length)] = detail;
  faultLog[checkIndex(u32(base + FAULT_WORD_RESTARTS), faultLog.length)] = restarts;
  logged = u32(logged + 1);
}

function isSynchronousFault(event: HealthEvent): boolean {
  return (
    event === HealthEvent.MpuViolation ||
    event === HealthEvent.UndefinedInstruction ||
    event === HealthEvent.PrefetchAbort
  );
}

/** The action the policy of `vm` takes for `event` now (after the restart limit and the rule that a
 *  synchronous fault cannot just be logged: resuming would repeat the faulting instruction). */
export function decideAction(vm: u32, event: HealthEvent): HealthAction {
  if (event === HealthEvent.Integrity) {
    return HealthAction.Halt;
  }
  if (event === HealthEvent.IrqStorm) {
    return HealthAction.Log;
  }
  const entry = vmEntry(vm);
  const index = u32(event);
  let action: HealthAction = HealthAction.Halt;
  if (index < HEALTH_EVENT_COUNT && index < entry.healthActions.length) {
    action = entry.healthActions[checkIndex(index, entry.healthActions.length)];
  }
  if (action === HealthAction.Log && isSynchronousFault(event)) {
    action = HealthAction.Suspend;
  }
  if (
    (action === HealthAction.WarmRestart || action === HealthAction.ColdRestart) &&
    partitionOf(vm).healthRestarts >= entry.restartLimit
  ) {
    action = HealthAction.Halt;
  }
  return action;
}

/** True when the policy of `vm` restarts it on `event` (before the restart limit is applied). */
function policyRestarts(vm: u32, event: HealthEvent): boolean {
  const entry = vmEntry(vm);
  const index = u32(event);
  if (index >= HEALTH_EVENT_COUNT || index >= entry.healthActions.length) {
    return false;
  }
  const policy = entry.healthActions[checkIndex(index, entry.healthActions.length)];
  return policy === HealthAction.WarmRestart || policy === HealthAction.ColdRestart;
}

/** Reports `event` against VM `vm` (`NO_VM` or an invalid index: a hypervisor-internal event, logged
 *  only) with the faulting `address` and a `detail` word (fault status, hypercall number, ...), and
 *  applies the VM's policy. Returns the action taken. */
export function healthRaise(vm: u32, event: HealthEvent, address: u32, detail: u32): HealthAction {
  if (!isVm(vm)) {
    logEntry(NO_VM, event, HealthAction.Log, address, detail, 0);
    traceEvent(TraceKind.Fault, NO_VM, u32(event), address);
    return HealthAction.Log;
  }
  const p = partitionOf(vm);
  p.faults = u32(p.faults + 1);
  const action = decideAction(vm, event);
  if (action === HealthAction.WarmRestart || action === HealthAction.ColdRestart) {
    p.healthRestarts = u32(p.healthRestarts + 1);
  } else if (action === HealthAction.Halt && policyRestarts(vm, event)) {
    hvLogText('hv: ');
    hvLogVmName(vm);
    hvLogText(' halted: restart limit ');
    hvLogDecimal(vmEntry(vm).restartLimit);
    hvLogText(' reached');
    hvLogEnd();
  }
  logEntry(vm, event, action, address, detail, p.healthRestarts);
  traceEvent(TraceKind.Fault, vm, u32(event), address);
  switch (action) {
    case HealthAction.Log:
      if (event === HealthEvent.Watchdog) {
        watchdogRearm(vm);
      }
      break;
    case HealthAction.WarmRestart:
      vmStart(vm, false);
      break;
    case HealthAction.ColdRestart:
      startVerified(vm, true);
      break;
    case HealthAction.Halt:
      vmHalt(vm);
      break;
    case HealthAction.Suspend:
      vmSuspend(vm);
      break;
  }
  traceEvent(TraceKind.HealthAction, vm, u32(action), p.healthRestarts);
  return action;
}

/** Raises a watchdog event when VM `vm` (which has a watchdog and is neither halted nor suspended) has
 *  not kicked it within its period. */
export function watchdogCheck(vm: u32): void {
  if (!isVm(vm) || vmEntry(vm).watchdogTicks === 0) {
    return;
  }
  const p = partitionOf(vm);
  if (p.state === VmState.Halted || p.state === VmState.Suspended) {
    return;
  }
  if (tickReached(p.watchdogDeadline)) {
    healthRaise(vm, HealthEvent.Watchdog, 0, p.watchdogDeadline);
  }
}

/** Records the `integrity` event of VM `vm` (fault-log address: the recorded digest, detail: the
 *  digest found) and halts it. Not through `healthRaise`, which itself starts VMs (no recursion). */
function refuseImage(vm: u32): void {
  const p = partitionOf(vm);
  const expected = imageExpectedDigest(vm);
  hvLogText('hv: ');
  hvLogVmName(vm);
  hvLogText(' image integrity check failed: digest ');
  hvLogHex(integrityLastDigest());
  hvLogText(' expected ');
  hvLogHex(expected);
  hvLogText(', not started');
  hvLogEnd();
  p.faults = u32(p.faults + 1);
  logEntry(vm, HealthEvent.Integrity, HealthAction.Halt, expected, integrityLastDigest(), p.healthRestarts);
  traceEvent(TraceKind.Fault, vm, u32(HealthEvent.Integrity), expected);
  vmHalt(vm);
  traceEvent(TraceKind.HealthAction, vm, u32(HealthAction.Halt), p.healthRestarts);
}

/** Starts VM `vm` (with `cold`, first from its pristine image) unless the pristine image fails its
 *  integrity check: then an `integrity` event (address: expected digest, detail: actual) leaves the
 *  VM halted. Returns true when the VM was started. Every cold restart goes through here. */
export function startVerified(vm: u32, cold: boolean): boolean {
  if (cold && !imageIntact(vm, ImageCopy.Pristine)) {
    refuseImage(vm);
    return false;
  }
  vmStart(vm, cold);
  return true;
}

/** First start of VM `vm` at boot: both its run copy and its pristine copy must match the digest the
 *  build recorded, else an `integrity` event leaves it halted. Returns true when the VM was started. */
export function bootVerified(vm: u32): boolean {
  if (!imageIntact(vm, ImageCopy.Pristine) || !imageIntact(vm, ImageCopy.Running)) {
    refuseImage(vm);
    return false;
  }
  vmStart(vm, false);
  return true;
}
