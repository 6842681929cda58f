// VM life cycle: start (first boot), warm restart (context reset), halt and suspend (a cold restart
// restores the image step by step first: `restart.ts`). A started VM is Ready: it runs when one of its
// slots is current.
import { u32 } from '../../transpiler/runtime/index.ts';
import { VmIndex } from './domain.ts';
import { now } from './clock.ts';
import { WaitReason, partitionOf } from './partition.ts';
import { VmState } from './hypercall-numbers.ts';
import { systemTables, vmEntry } from './system.ts';
import { TraceKind, traceEvent } from './trace.ts';
import { contextOf, resetContext } from './vcpu-context.ts';
import { portGuestStateReset } from '../port/cpu.ts';
import { virqReset } from './virq.ts';
import { vtimerReset } from './vtimer.ts';

/** VM starts and restarts since boot, all VMs together: a cheap "did any VM restart" check. */
let startsTotal: u32 = 0;

/** VM starts and restarts made so far (wraps at 2^32). */
export function vmStartsTotal(): u32 {
  return startsTotal;
}

/** Re-arms VM `vm`'s watchdog for a full period from now. */
export function watchdogRearm(vm: VmIndex): void {
  const p = partitionOf(vm);
  p.watchdogDeadline = u32(now() + vmEntry(vm).watchdogTicks);
}

/** Starts VM `vm` from its entry point with clean registers and interrupt state (a warm restart, or the
 *  end of a cold one once `restart.ts` has restored its image). r0 holds the VM index at entry. */
export function vmStart(vm: VmIndex): void {
  const entry = vmEntry(vm);
  resetContext(contextOf(vm), entry.entry, entry.stackTop, systemTables().guestCpsrMode, vm);
  portGuestStateReset(vm);
  virqReset(vm);
  vtimerReset(vm);
  watchdogRearm(vm);
  const p = partitionOf(vm);
  p.state = VmState.Ready;
  p.waitReason = WaitReason.None;
  p.starts = u32(p.starts + 1);
  startsTotal = u32(startsTotal + 1);
  traceEvent(TraceKind.VmState, vm, u32(VmState.Ready), 0);
}

/** Stops VM `vm` for good (until a restart request). */
export function vmHalt(vm: VmIndex): void {
  const p = partitionOf(vm);
  p.state = VmState.Halted;
  p.waitReason = WaitReason.None;
  virqReset(vm);
  vtimerReset(vm);
  traceEvent(TraceKind.VmState, vm, u32(VmState.Halted), 0);
}

/** Suspends VM `vm`: it keeps its state but is not scheduled until restarted. */
export function vmSuspend(vm: VmIndex): void {
  const p = partitionOf(vm);
  p.state = VmState.Suspended;
  p.waitReason = WaitReason.None;
  traceEvent(TraceKind.VmState, vm, u32(VmState.Suspended), 0);
}
