// Health monitor: turns events (MPU violation, undefined instruction, prefetch abort, bad hypercall,
// watchdog expiry, internal error) into the action the system description sets for the VM, with a
// restart limit after which the VM is halted (and `hv: <vm> halted: restart limit <n> reached` is
// printed on the hypervisor console); records every event in a timestamped fault log (a ring read by
// privileged VMs; each VM and the hypervisor have a share of their own, so a VM raising events in a
// loop overwrites only its own older entries). Three events have fixed actions: `integrity` (a VM image
// whose digest does not match the build's is never started: halt), `irq-storm` (log; the interrupt is
// masked by `virq.ts`) and `restart-rate` (log; the restart request is refused). Starts and cold
// restarts go through the image integrity check (`integrity.ts`, step by step: `restart.ts`), and
// requested restarts through a per-VM rate limit. Guests can only ever stop themselves: the hypervisor
// keeps running. Every fault-log entry also becomes one line on the hypervisor console
// (`hv: vm1 'diag': mpu-violation at 0x20001000, warm restart (1/3)`), written by the tick handler
// (`healthConsoleLine`, at most one line per tick and only when the console's transmit ring has room for
// the longest one), so the exception path that raised the event does no console output for it.
import { checkIndex, cstr, mul, rem, u32 } from '../../transpiler/runtime/index.ts';
import { VmIndex } from './domain.ts';
import { now, tickReached, ticksSince } from './clock.ts';
import {
  FAULT_LOG_ENTRIES,
  FAULT_LOG_ENTRY_WORDS,
  FAULT_LOG_SHARE,
  FAULT_LOG_WORDS,
  MAX_VMS,
  NO_VM,
} from './limits.ts';
import { vmHalt, vmStart, vmSuspend, watchdogRearm } from './lifecycle.ts';
import { partitionOf } from './partition.ts';
import { VmState } from './hypercall-numbers.ts';
import { isVm, systemTables, vmEntry } from './system.ts';
import { HealthAction, HealthEvent, HEALTH_EVENT_COUNT } from './tables.ts';
import { hvLogDecimal, hvLogEnd, hvLogHex, hvLogText, hvLogVmName } from './hv-log.ts';
import { ImageCopy, imageExpectedDigest, imageIntact, integrityLastDigest } from './integrity.ts';
import { RestartOutcome, restartBegin } from './restart.ts';
import { TraceKind, traceEvent } from './trace.ts';
import { portUartTxRoom } from '../port/uart.ts';

/** Fault-log entry words: sequence, tick, vm | event << 8 | action << 16, address, detail, restarts. */
export const FAULT_WORD_SEQUENCE = 0;
export const FAULT_WORD_TICK = 1;
export const FAULT_WORD_WHO = 2;
export const FAULT_WORD_ADDRESS = 3;
export const FAULT_WORD_DETAIL = 4;
export const FAULT_WORD_RESTARTS = 5;

const faultLog: Uint32Array = new Uint32Array(FAULT_LOG_WORDS);
/** Writers of the fault log: each VM, and (index `MAX_VMS`) the hypervisor for its own events. */
const FAULT_LOG_WRITERS = MAX_VMS + 1;
/** Per writer: entries it ever logged (its share holds the last `FAULT_LOG_SHARE` of them). */
const writerLogged: Uint32Array = new Uint32Array(FAULT_LOG_WRITERS);
/** Entries ever logged by all writers (the next entry's sequence number). */
let logged: u32 = 0;
/** Entries ever logged that the console has shown a line for or passed over (their share had
 *  overwritten them first). */
let consoleShown: u32 = 0;
/** Bytes of the longest fault line: `hv: vm`, index, ` '`, a 31-character name, `': `, the longest event
 *  name, ` at 0x` and 8 digits, `, cold restart (`, two 10-digit numbers, `)`, ` (` and a 10-digit count
 *  ` earlier not shown)`, newline; rounded up. */
const FAULT_LINE_MAX_BYTES: u32 = 160;
/** `faultLogFind` result when no entry qualifies. */
export const NO_FAULT_ENTRY = FAULT_LOG_ENTRIES;

/** Empties the fault log (at `hvInit`). */
export function healthReset(): void {
  logged = 0;
  consoleShown = 0;
  for (let i: u32 = 0; i < faultLog.length; i++) {
    faultLog[i] = 0;
  }
  for (let i: u32 = 0; i < writerLogged.length; i++) {
    writerLogged[i] = 0;
  }
}

/** Entries ever logged (the sequence number the next one gets). */
export function faultLogCount(): u32 {
  return logged;
}

/** The writer whose share records an event against `vm` (the hypervisor's for `NO_VM`). */
function writerOf(vm: VmIndex): u32 {
  return vm < MAX_VMS ? vm : MAX_VMS;
}

/** Entries of VM `vm` (`NO_VM`: the hypervisor's own) overwritten by its newer ones before anyone could
 *  be sure to have read them: the VM's fault-log losses. */
export function faultLogOverwritten(vm: VmIndex): u32 {
  const count = writerLogged[checkIndex(writerOf(vm), writerLogged.length)];
  return count > FAULT_LOG_SHARE ? u32(count - FAULT_LOG_SHARE) : 0;
}

/** The slot (0 .. FAULT_LOG_ENTRIES-1) of the oldest entry still held whose sequence number is at least
 *  `sequence`, or `NO_FAULT_ENTRY`. The newest entry is always held (its writer's share keeps it), so
 *  any `sequence` below `faultLogCount()` finds one. */
export function faultLogFind(sequence: u32): u32 {
  let found: u32 = NO_FAULT_ENTRY;
  let foundSequence: u32 = 0;
  for (let writer: u32 = 0; writer < FAULT_LOG_WRITERS; writer++) {
    const count = writerLogged[checkIndex(writer, writerLogged.length)];
    const held = count < FAULT_LOG_SHARE ? count : FAULT_LOG_SHARE;
    for (let i: u32 = 0; i < held; i++) {
      const slot = u32(u32(mul(writer, FAULT_LOG_SHARE)) + i);
      const entrySequence = faultLogSlotWord(slot, FAULT_WORD_SEQUENCE);
      if (entrySequence >= sequence && (found === NO_FAULT_ENTRY || entrySequence < foundSequence)) {
        found = slot;
        foundSequence = entrySequence;
      }
    }
  }
  return found;
}

/** True when entry `sequence` is still in the log. */
export function faultLogHas(sequence: u32): boolean {
  const slot = faultLogFind(sequence);
  return slot !== NO_FAULT_ENTRY && faultLogSlotWord(slot, FAULT_WORD_SEQUENCE) === sequence;
}

/** Word `word` of the entry in slot `slot` (a `faultLogFind` result other than `NO_FAULT_ENTRY`). */
export function faultLogSlotWord(slot: u32, word: u32): u32 {
  return faultLog[checkIndex(u32(u32(mul(slot, FAULT_LOG_ENTRY_WORDS)) + word), faultLog.length)];
}

/** Word `word` of fault-log entry `sequence` (which must be in the log: `faultLogHas`). */
export function faultLogWord(sequence: u32, word: u32): u32 {
  return faultLogSlotWord(faultLogFind(sequence), word);
}

function packWho(vm: VmIndex, event: HealthEvent, action: HealthAction): u32 {
  const eventBits = u32(u32(event) << 8);
  const actionBits = u32(u32(action) << 16);
  return u32(u32((vm & 0xff) | eventBits) | actionBits);
}

/** Records an entry in the share of the writer for `vm`, over that writer's oldest when it is full. */
function logEntry(
  vm: VmIndex,
  event: HealthEvent,
  action: HealthAction,
  address: u32,
  detail: u32,
  restarts: u32,
): void {
  const writer = writerOf(vm);
  const count = writerLogged[checkIndex(writer, writerLogged.length)];
  const slot = u32(u32(mul(writer, FAULT_LOG_SHARE)) + u32(rem(count, FAULT_LOG_SHARE)));
  const base = u32(mul(slot, FAULT_LOG_ENTRY_WORDS));
  faultLog[checkIndex(u32(base + FAULT_WORD_SEQUENCE), faultLog.length)] = logged;
  faultLog[checkIndex(u32(base + FAULT_WORD_TICK), faultLog.length)] = now();
  faultLog[checkIndex(u32(base + FAULT_WORD_WHO), faultLog.length)] = packWho(vm, event, action);
  faultLog[checkIndex(u32(base + FAULT_WORD_ADDRESS), faultLog.length)] = address;
  faultLog[checkIndex(u32(base + FAULT_WORD_DETAIL), faultLog.length)] = detail;
  faultLog[checkIndex(u32(base + FAULT_WORD_RESTARTS), faultLog.length)] = restarts;
  writerLogged[checkIndex(writer, writerLogged.length)] = u32(count + 1);
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
export function decideAction(vm: VmIndex, event: HealthEvent): HealthAction {
  if (event === HealthEvent.Integrity) {
    return HealthAction.Halt;
  }
  if (event === HealthEvent.IrqStorm || event === HealthEvent.RestartRate) {
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
function policyRestarts(vm: VmIndex, event: HealthEvent): boolean {
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
export function healthRaise(vm: VmIndex, event: HealthEvent, address: u32, detail: u32): HealthAction {
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
      vmStart(vm);
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
export function watchdogCheck(vm: VmIndex): void {
  if (!isVm(vm) || vmEntry(vm).watchdogTicks === 0) {
    return;
  }
  const p = partitionOf(vm);
  if (p.state === VmState.Halted || p.state === VmState.Suspended || p.state === VmState.Restarting) {
    return;
  }
  if (tickReached(p.watchdogDeadline)) {
    healthRaise(vm, HealthEvent.Watchdog, 0, p.watchdogDeadline);
  }
}

/** Records the `integrity` event of VM `vm` (fault-log address: the recorded digest, detail: the
 *  digest found) and halts it. Not through `healthRaise`, which itself starts VMs (no recursion). */
function refuseImage(vm: VmIndex): void {
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

/** Restarts VM `vm`: warm at once (context reset), or cold by beginning the incremental restart
 *  (`restart.ts`): the VM is `Restarting` until its pristine image, checked against the recorded digest,
 *  is copied back in its own slots, then starts; a pristine copy that fails its check ends the restart
 *  with an `integrity` event and the VM halted (`restartFinish`). A warm restart of a VM whose cold
 *  restart is in progress leaves that restart alone (its memory is half restored: it must not run).
 *  Every restart goes through here. */
export function startVerified(vm: VmIndex, cold: boolean): void {
  if (cold) {
    restartBegin(vm);
  } else if (partitionOf(vm).state !== VmState.Restarting) {
    vmStart(vm);
  }
}

/** Ends a cold restart of VM `vm` whose step reported `outcome` (`Restored`: start it; `Corrupt`:
 *  refuse the image, the VM stays halted); `Working` changes nothing. */
export function restartFinish(vm: VmIndex, outcome: RestartOutcome): void {
  if (outcome === RestartOutcome.Restored) {
    vmStart(vm);
  } else if (outcome === RestartOutcome.Corrupt) {
    refuseImage(vm);
  }
}

/** Counts a requested restart of VM `target` by VM `caller` against the target's restart rate (its
 *  health policy's `restartRate` per `restartRateTicks`). Past the rate the request is refused: a
 *  `restart-rate` event (fixed action log; address: the target, detail: restarts in the window) is
 *  raised against the caller, and false returned. */
export function restartRateAllows(caller: VmIndex, target: VmIndex): boolean {
  const p = partitionOf(target);
  const entry = vmEntry(target);
  if (ticksSince(p.restartWindowStart) >= entry.restartRateTicks) {
    p.restartWindowStart = now();
    p.restartsInWindow = 0;
  }
  if (p.restartsInWindow >= entry.restartRate) {
    healthRaise(caller, HealthEvent.RestartRate, target, p.restartsInWindow);
    return false;
  }
  p.restartsInWindow = u32(p.restartsInWindow + 1);
  return true;
}

/** First start of VM `vm` at boot: both its run copy and its pristine copy must match the digest the
 *  build recorded, else an `integrity` event leaves it halted. Returns true when the VM was started. */
export function bootVerified(vm: VmIndex): boolean {
  if (!imageIntact(vm, ImageCopy.Pristine) || !imageIntact(vm, ImageCopy.Running)) {
    refuseImage(vm);
    return false;
  }
  vmStart(vm);
  return true;
}

/** The name of health event `event` on the console (as in the system description). */
function eventName(event: u32): cstr {
  switch (event) {
    case 0:
      return 'mpu-violation';
    case 1:
      return 'undefined-instruction';
    case 2:
      return 'prefetch-abort';
    case 3:
      return 'bad-hypercall';
    case 4:
      return 'watchdog';
    case 5:
      return 'internal-error';
    case 6:
      return 'integrity';
    case 7:
      return 'irq-storm';
    case 8:
      return 'restart-rate';
    default:
      return 'event';
  }
}

/** Writes the console line of the fault-log entry in `slot`; `skipped` entries before it were
 *  overwritten before the console could show them. */
function faultLine(slot: u32, skipped: u32): void {
  const who = faultLogSlotWord(slot, FAULT_WORD_WHO);
  const vm: VmIndex = u32(who & 0xff);
  const event = u32(u32(who >>> 8) & 0xff);
  const action = u32(u32(who >>> 16) & 0xff);
  const restarts = faultLogSlotWord(slot, FAULT_WORD_RESTARTS);
  if (isVm(vm)) {
    hvLogText('hv: vm');
    hvLogDecimal(vm);
    hvLogText(" '");
    hvLogVmName(vm);
    hvLogText("': ");
  } else {
    hvLogText('hv: hypervisor: ');
  }
  hvLogText(eventName(event));
  if (event <= u32(HealthEvent.PrefetchAbort)) {
    hvLogText(' at ');
    hvLogHex(faultLogSlotWord(slot, FAULT_WORD_ADDRESS));
  } else if (event === u32(HealthEvent.BadHypercall) || event === u32(HealthEvent.InternalError)) {
    hvLogText(' detail ');
    hvLogHex(faultLogSlotWord(slot, FAULT_WORD_DETAIL));
  }
  if (action === u32(HealthAction.WarmRestart) || action === u32(HealthAction.ColdRestart)) {
    hvLogText(action === u32(HealthAction.WarmRestart) ? ', warm restart (' : ', cold restart (');
    hvLogDecimal(restarts);
    hvLogText('/');
    hvLogDecimal(vmEntry(vm).restartLimit);
    hvLogText(')');
  } else if (action === u32(HealthAction.Halt)) {
    hvLogText(', halted');
  } else if (action === u32(HealthAction.Suspend)) {
    hvLogText(', suspended');
  } else {
    hvLogText(', logged');
  }
  if (skipped !== 0) {
    hvLogText(' (');
    hvLogDecimal(skipped);
    hvLogText(' earlier not shown)');
  }
  hvLogEnd();
}

/** The tick handler's share of the console: the oldest fault-log entry not shown yet becomes one line
 *  on the hypervisor console, when its transmit ring has room for the longest line (else a later tick
 *  shows it). Entries overwritten meanwhile are counted in the next line. Bounded: one line, and one
 *  search of the fault log (`faultLogFind`). */
export function healthConsoleLine(): void {
  if (consoleShown === logged || portUartTxRoom(systemTables().hvConsoleUart) < FAULT_LINE_MAX_BYTES) {
    return;
  }
  const slot = faultLogFind(consoleShown);
  if (slot === NO_FAULT_ENTRY) {
    consoleShown = logged;
    return;
  }
  const sequence = faultLogSlotWord(slot, FAULT_WORD_SEQUENCE);
  faultLine(slot, u32(sequence - consoleShown));
  consoleShown = u32(sequence + 1);
}
