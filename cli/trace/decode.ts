// Job: read a recorded trace stream (docs/ARCHITECTURE.md "Trace format") into timed records and name
// what its numbers mean: VMs, ports and plans from the system description, hypercalls from the ABI table
// (firmware/abi/hypercalls.ts), health events and actions, port operations. Each record's time is its
// tick plus its sub-tick cycle count converted at the PMU's rate (QEMU's PMCCNTR counts virtual
// nanoseconds, 1 GHz, whatever the -icount shift).
import { readFileSync } from 'node:fs';

import { HYPERCALLS } from '../../firmware/abi/hypercalls.ts';
import {
  FIXED_ACTION_EVENTS,
  HEALTH_ACTIONS as POLICY_HEALTH_ACTIONS,
  HEALTH_EVENTS as POLICY_HEALTH_EVENTS,
} from '../../firmware/config/validate-health.ts';
import { PortOp } from '../../firmware/core/trace.ts';
import type { CanFilter, SystemDescription } from '../../firmware/config/types.ts';
import { parseTraceLine, type TraceRecord } from '../../firmware/sim/trace-lines.ts';

/** PMU cycles per nanosecond under QEMU (ARM_CPU_FREQ, 1 GHz). */
export const QEMU_CYCLES_PER_NS = 1;
/** VM field of a record that names no VM. */
export const NO_VM = 0xff;

export class TraceInputError extends Error {}

/** One window of a plan: its owner (`null`: an idle gap) and its ticks. */
export interface PlanWindow {
  vm: number | null;
  start: number;
  duration: number;
}

export interface TracePlan {
  name: string;
  majorFrame: number;
  /** Windows in the order the firmware numbers them (slots and idle gaps by start). */
  windows: PlanWindow[];
}

/** What the numbers of a trace mean for one system. */
export interface TraceContext {
  system: string | null;
  tickNs: number;
  cyclesPerNs: number;
  vmNames: string[];
  portNames: string[];
  /** Destination VM indexes of each port. */
  portDestinations: number[][];
  /** `canReaches[s][r]`: a frame VM s may send can pass VM r's receive filters. */
  canReaches: boolean[][];
  plans: TracePlan[];
}

export interface TimedRecord extends TraceRecord {
  /** Nanoseconds since boot: the tick's start plus the sub-tick cycles (at most one tick). */
  timeNs: number;
  /** Line number in the file (1-based). */
  line: number;
}

/** Windows of a plan as the firmware numbers them: slots sorted by start, idle gaps between them and
 *  up to the end of the frame (firmware/config/derive.ts). */
export function planWindows(
  plan: SystemDescription['plans'][number],
  vmNames: readonly string[],
): PlanWindow[] {
  const slots = [...plan.slots].sort((x, y) => x.start - y.start);
  const windows: PlanWindow[] = [];
  let position = 0;
  for (const slot of slots) {
    if (slot.start > position) windows.push({ vm: null, start: position, duration: slot.start - position });
    windows.push({ vm: vmNames.indexOf(slot.vm), start: slot.start, duration: slot.duration });
    position = slot.start + slot.duration;
  }
  if (position < plan.majorFrame)
    windows.push({ vm: null, start: position, duration: plan.majorFrame - position });
  return windows;
}

/** True when some identifier passes both filters. */
function canFiltersOverlap(x: CanFilter, y: CanFilter): boolean {
  return x.extended === y.extended && ((x.match ^ y.match) & x.mask & y.mask) === 0;
}

/** The context of `desc`, or a neutral one (1 ms ticks, VMs named by index, no plans) without it. */
export function traceContext(desc: SystemDescription | null, cyclesPerNs = QEMU_CYCLES_PER_NS): TraceContext {
  if (desc === null) {
    return {
      system: null,
      tickNs: 1_000_000,
      cyclesPerNs,
      vmNames: [],
      portNames: [],
      portDestinations: [],
      canReaches: [],
      plans: [],
    };
  }
  const vmNames = desc.vms.map((vm) => vm.name);
  return {
    system: desc.name,
    tickNs: desc.tickMicroseconds * 1000,
    cyclesPerNs,
    vmNames,
    portNames: desc.ports.map((port) => port.name),
    portDestinations: desc.ports.map((port) => port.destinations.map((d) => vmNames.indexOf(d))),
    canReaches: desc.vms.map((sender) =>
      desc.vms.map(
        (receiver) =>
          sender !== receiver &&
          sender.canTx.some((tx) => receiver.canRx.some((rx) => canFiltersOverlap(tx, rx))),
      ),
    ),
    plans: desc.plans.map((plan) => ({
      name: plan.name,
      majorFrame: plan.majorFrame,
      windows: planWindows(plan, vmNames),
    })),
  };
}

/** Parses a trace stream's text: every complete line (a last line without its newline is still being
 *  written and left out). Throws `TraceInputError` naming `source` and the line of a malformed one. */
export function decodeTrace(text: string, context: TraceContext, source = 'trace'): TimedRecord[] {
  const end = text.lastIndexOf('\n');
  const lines = end < 0 ? [] : text.slice(0, end).split('\n');
  const records: TimedRecord[] = [];
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) return;
    let record: TraceRecord;
    try {
      record = parseTraceLine(line);
    } catch {
      throw new TraceInputError(
        `${source}:${index + 1}: not a trace line: ${JSON.stringify(line.slice(0, 60))}`,
      );
    }
    const subTickNs = Math.min(record.cycles / context.cyclesPerNs, context.tickNs);
    records.push({ ...record, timeNs: record.tick * context.tickNs + subTickNs, line: index + 1 });
  });
  return records;
}

/** Reads and decodes the trace file at `path`. */
export function readTraceFile(path: string, context: TraceContext): TimedRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (err) {
    throw new TraceInputError(`cannot read trace file '${path}': ${(err as Error).message}`);
  }
  return decodeTrace(text, context, path);
}

/** The name of VM `vm` (`idle` for an idle gap's owner, `hypervisor` for records naming no VM). */
export function vmName(context: TraceContext, vm: number, none = 'hypervisor'): string {
  if (vm === NO_VM) return none;
  return context.vmNames[vm] ?? `vm${vm}`;
}

const hypercallNames = new Map(HYPERCALLS.map((call) => [call.number, call.name]));

/** The ABI name of hypercall `number` (`call<n>` for a number no call has). */
export function hypercallName(number: number): string {
  return hypercallNames.get(number) ?? `call${number}`;
}

function numberOf(name: string): number {
  const call = HYPERCALLS.find((c) => c.name === name);
  if (call === undefined) throw new Error(`the ABI has no hypercall '${name}'`);
  return call.number;
}

export const HYPERCALL_CAN_SEND = numberOf('CanSend');
export const HYPERCALL_CAN_RECEIVE = numberOf('CanReceive');
export const HYPERCALL_QUEUING_SEND = numberOf('QueuingSend');
export const HYPERCALL_QUEUING_RECEIVE = numberOf('QueuingReceive');

/** Health events by number (`F` records' a), as the system description names them: the policy's
 *  events, then those with a fixed action, in `HealthEvent` order. */
export const HEALTH_EVENTS: readonly string[] = [...POLICY_HEALTH_EVENTS, ...FIXED_ACTION_EVENTS.keys()];
/** Health actions by number (`A` records' a), in `HealthAction` order. */
export const HEALTH_ACTIONS: readonly string[] = POLICY_HEALTH_ACTIONS;
/** Port operations by number (`P` records' a >> 16), `PortOp` of firmware/core/trace.ts. */
export const PORT_OPS = [
  '?',
  'sampling-write',
  'sampling-read',
  'queuing-send',
  'queuing-receive',
  'overflow',
];
export const PORT_OP_SAMPLING_WRITE: number = PortOp.SamplingWrite;
export const PORT_OP_SAMPLING_READ: number = PortOp.SamplingRead;
export const PORT_OP_QUEUING_SEND: number = PortOp.QueuingSend;
export const PORT_OP_QUEUING_RECEIVE: number = PortOp.QueuingReceive;
/** VM states by number (`V` records' a). */
export const VM_STATE_NAMES: Record<number, string> = {
  0: 'halted',
  1: 'ready',
  4: 'suspended',
  5: 'restarting',
};

export function healthEventName(event: number): string {
  return HEALTH_EVENTS[event] ?? `event${event}`;
}

export function healthActionName(action: number): string {
  return HEALTH_ACTIONS[action] ?? `action${action}`;
}

/** Port index and operation of a `P` record. */
export function portOperation(record: TraceRecord): { port: number; op: number } {
  return { port: record.a & 0xffff, op: record.a >>> 16 };
}

export function portName(context: TraceContext, port: number): string {
  return context.portNames[port] ?? `port${port}`;
}

/** A hypercall made by a VM: its `H` record, or the `P` record of a successful queuing send or receive
 *  (which stands for its `H` record: docs/ARCHITECTURE.md "Trace format"). */
export interface HypercallEvent {
  record: TimedRecord;
  call: number;
  /** The result code (0 for a `P` record standing for its call). */
  result: number;
}

/** Every hypercall of `records`, in order. A queuing send's or receive's `P` record stands for the call
 *  unless that VM's next call record is the `H` record of the same call (a result other than `Ok`). */
export function hypercallEvents(records: readonly TimedRecord[]): HypercallEvent[] {
  const events: HypercallEvent[] = [];
  const pending = new Map<number, HypercallEvent>();
  for (const record of records) {
    if (record.kind === 'H') {
      const open = pending.get(record.vm);
      pending.delete(record.vm);
      if (open !== undefined && open.call !== record.a) events.push(open);
      events.push({ record, call: record.a, result: record.b });
    } else if (record.kind === 'P') {
      const { op } = portOperation(record);
      const call =
        op === PORT_OP_QUEUING_SEND
          ? HYPERCALL_QUEUING_SEND
          : op === PORT_OP_QUEUING_RECEIVE
            ? HYPERCALL_QUEUING_RECEIVE
            : null;
      if (call === null) continue;
      const open = pending.get(record.vm);
      if (open !== undefined) events.push(open);
      pending.set(record.vm, { record, call, result: 0 });
    }
  }
  events.push(...pending.values());
  return events.sort((x, y) => x.record.line - y.record.line);
}
