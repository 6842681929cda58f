// Guest SDK for guests written in the TypeScript subset: one `@extern` function per hypercall. On the
// target each is implemented in C by guests/sdk/src/ts_bindings.c over the inline SVC wrappers of
// bulkhead.h; in Node the body forwards the call to the guest simulation installed with
// `installGuestSimulation` (guests/sdk/ts/simulation.ts), which runs it through the real core of
// `firmware/sim/`. Each function returns the ABI's result code (`HvResult` of
// firmware/core/hypercall-numbers.ts, which subset guests import for the codes); values a call returns
// in r1..r3 are written to a caller-supplied `Uint32Array` (`values[0]` = r1, ...). Buffers are passed
// as typed arrays; a receive buffer's whole length is its capacity. Semantics: guests/sdk/include/
// bulkhead.h and docs/HYPERCALLS.md.
import { cstr, u32 } from '../../../transpiler/runtime/index.ts';
import { Hypercall } from '../../../firmware/core/hypercall-numbers.ts';

/** Version: values = [ABI version, own VM index, VM count].
 *  @extern bh_ts_version */
export function bhVersion(values: Uint32Array): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhVersion)');
  return sim.call(Hypercall.Version, 0, 0, 0, 0, values);
}

/** Yield: gives up the rest of the slot.
 *  @extern bh_ts_yield */
export function bhYield(): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhYield)');
  return sim.call(Hypercall.Yield, 0, 0, 0, 0, null);
}

/** WaitEvent: values = [pending enabled virtual interrupts].
 *  @extern bh_ts_wait_event */
export function bhWaitEvent(values: Uint32Array): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhWaitEvent)');
  return sim.call(Hypercall.WaitEvent, 0, 0, 0, 0, values);
}

/** Hypervisor ticks since boot (GetTime r1).
 *  @extern bh_ts_ticks */
export function bhTicks(): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhTicks)');
  return sim.ticks();
}

/** ConsoleWrite of a string constant.
 *  @extern bh_ts_console_write */
export function bhConsoleWrite(text: cstr): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhConsoleWrite)');
  const bytes = Buffer.from(text, 'latin1');
  return sim.callWithInput(Hypercall.ConsoleWrite, null, bytes, bytes.length);
}

/** ConsoleWrite of the first `length` bytes of `bytes`.
 *  @extern bh_ts_console_write_bytes */
export function bhConsoleWriteBytes(bytes: Uint8Array, length: u32): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhConsoleWriteBytes)');
  return sim.callWithInput(Hypercall.ConsoleWrite, null, bytes, length);
}

/** SamplingWrite of the first `length` bytes of `message`.
 *  @extern bh_ts_sampling_write */
export function bhSamplingWrite(port: u32, message: Uint8Array, length: u32): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhSamplingWrite)');
  return sim.callWithInput(Hypercall.SamplingWrite, port, message, length);
}

/** SamplingRead into `buffer` (its whole length is the capacity): values = [length, age, valid].
 *  @extern bh_ts_sampling_read */
export function bhSamplingRead(port: u32, buffer: Uint8Array, values: Uint32Array): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhSamplingRead)');
  return sim.callWithOutput(Hypercall.SamplingRead, port, buffer, values);
}

/** QueuingSend of the first `length` bytes of `message`.
 *  @extern bh_ts_queuing_send */
export function bhQueuingSend(port: u32, message: Uint8Array, length: u32): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhQueuingSend)');
  return sim.callWithInput(Hypercall.QueuingSend, port, message, length);
}

/** QueuingReceive into `buffer` (its whole length is the capacity): values = [length, remaining].
 *  @extern bh_ts_queuing_receive */
export function bhQueuingReceive(port: u32, buffer: Uint8Array, values: Uint32Array): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhQueuingReceive)');
  return sim.callWithOutput(Hypercall.QueuingReceive, port, buffer, values);
}

/** QueuingStatus: values = [queued, overflows].
 *  @extern bh_ts_queuing_status */
export function bhQueuingStatus(port: u32, values: Uint32Array): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhQueuingStatus)');
  return sim.call(Hypercall.QueuingStatus, port, 0, 0, 0, values);
}

/** VirqEnable.
 *  @extern bh_ts_virq_enable */
export function bhVirqEnable(virq: u32): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhVirqEnable)');
  return sim.call(Hypercall.VirqEnable, virq, 0, 0, 0, null);
}

/** VirqDisable.
 *  @extern bh_ts_virq_disable */
export function bhVirqDisable(virq: u32): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhVirqDisable)');
  return sim.call(Hypercall.VirqDisable, virq, 0, 0, 0, null);
}

/** VirqAck.
 *  @extern bh_ts_virq_ack */
export function bhVirqAck(virq: u32): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhVirqAck)');
  return sim.call(Hypercall.VirqAck, virq, 0, 0, 0, null);
}

/** TimerSet: `delay` ticks, then every `period` ticks (0: once); delay 0 disarms.
 *  @extern bh_ts_timer_set */
export function bhTimerSet(delay: u32, period: u32): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhTimerSet)');
  return sim.call(Hypercall.TimerSet, delay, period, 0, 0, null);
}

/** WatchdogKick.
 *  @extern bh_ts_watchdog_kick */
export function bhWatchdogKick(): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhWatchdogKick)');
  return sim.call(Hypercall.WatchdogKick, 0, 0, 0, 0, null);
}

/** VmStatus page 0: values = [state, health restarts, ticks run].
 *  @extern bh_ts_vm_status */
export function bhVmStatus(vm: u32, values: Uint32Array): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhVmStatus)');
  return sim.call(Hypercall.VmStatus, vm, 0, 0, 0, values);
}

/** VmStatus page 1: values = [state, starts since boot (the first included), health events raised].
 *  @extern bh_ts_vm_counters */
export function bhVmCounters(vm: u32, values: Uint32Array): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhVmCounters)');
  const countersPage = 1; // VmStatusPage.Counters of firmware/core/hypercall-numbers.ts
  return sim.call(Hypercall.VmStatus, vm, countersPage, 0, 0, values);
}

/** VmRestart (`mode` 0 warm, 1 cold). `HvResult.ImageCorrupt`: a cold restart of another VM was
 *  refused (its pristine image copy failed the integrity check; the VM is left halted).
 *  @extern bh_ts_vm_restart */
export function bhVmRestart(vm: u32, mode: u32): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhVmRestart)');
  return sim.call(Hypercall.VmRestart, vm, mode, 0, 0, null);
}

/** VmHalt.
 *  @extern bh_ts_vm_halt */
export function bhVmHalt(vm: u32): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhVmHalt)');
  return sim.call(Hypercall.VmHalt, vm, 0, 0, 0, null);
}

/** PlanSwitch: values = [plan running now].
 *  @extern bh_ts_plan_switch */
export function bhPlanSwitch(plan: u32, values: Uint32Array): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhPlanSwitch)');
  return sim.call(Hypercall.PlanSwitch, plan, 0, 0, 0, values);
}

/** FaultLogRead of entry `sequence` into `entry` (24 bytes or more): values = [faults logged].
 *  @extern bh_ts_fault_log_read */
export function bhFaultLogRead(sequence: u32, entry: Uint8Array, values: Uint32Array): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhFaultLogRead)');
  return sim.callWithOutput(Hypercall.FaultLogRead, sequence, entry, values);
}

/** CanSend: identifier word `id` (identifier | bit 31 extended | bit 30 remote), `dlc` 0..8, data bytes
 *  0..3 in `dataLow` and 4..7 in `dataHigh` (byte 0 in the low byte of `dataLow`).
 *  @extern bh_ts_can_send */
export function bhCanSend(id: u32, dlc: u32, dataLow: u32, dataHigh: u32): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhCanSend)');
  return sim.call(Hypercall.CanSend, id, dlc, dataLow, dataHigh, null);
}

/** CanReceive into `record` (16 bytes: identifier word, DLC word, 8 data bytes, little endian):
 *  values = [frames still queued].
 *  @extern bh_ts_can_receive */
export function bhCanReceive(record: Uint8Array, values: Uint32Array): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhCanReceive)');
  return sim.callWithRecord(Hypercall.CanReceive, record, values);
}

/** CanStatus: values = [frames queued, receive overflows, sends refused by the transmit filter].
 *  @extern bh_ts_can_status */
export function bhCanStatus(values: Uint32Array): u32 {
  const sim = (
    globalThis as unknown as { bulkheadGuestSimulation?: import('./simulation.ts').GuestSimulation }
  ).bulkheadGuestSimulation;
  if (sim === undefined) throw new Error('guest SDK: no guest simulation installed (bhCanStatus)');
  return sim.call(Hypercall.CanStatus, 0, 0, 0, 0, values);
}
