// Job: turn a decoded trace into Chrome trace-event JSON (the format Perfetto UI and chrome://tracing
// load): one process for the system; a track (thread) for the core, the hypervisor and each VM; the
// windows as complete slices (`X`) on the core track and on their VM's track; hypercalls, port
// operations and upcalls as short slices nested inside their VM's slot, interrupts inside the core's
// slice; faults, health actions, VM state changes, plan switches and lost records as instant events
// (`i`); port messages (send to receive of the same port) and virtual-CAN frames (CanSend to a
// CanReceive of a VM whose filters the sender's identifiers pass) as flow events (`s`/`f`).
// Timestamps are microseconds (the format's unit), from the records' sub-tick times.
import {
  healthActionName,
  healthEventName,
  HYPERCALL_CAN_RECEIVE,
  HYPERCALL_CAN_SEND,
  hypercallName,
  NO_VM,
  PORT_OP_QUEUING_RECEIVE,
  PORT_OP_QUEUING_SEND,
  PORT_OP_SAMPLING_READ,
  PORT_OP_SAMPLING_WRITE,
  PORT_OPS,
  portName,
  portOperation,
  type TimedRecord,
  type TraceContext,
  VM_STATE_NAMES,
  vmName,
} from './decode.ts';
import { runSlices } from './summary.ts';

/** One trace event of the Chrome trace-event format (the fields this tool writes). */
export interface ChromeTraceEvent {
  name: string;
  ph: 'X' | 'i' | 's' | 'f' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  s?: 't' | 'p' | 'g';
  id?: number;
  bp?: 'e';
  args?: Record<string, string | number>;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ns' | 'ms';
  metadata: Record<string, string | number>;
}

const PID = 1;
export const CORE_TID = 1;
export const HYPERVISOR_TID = 2;
/** Track of VM v: `VM_TID_BASE + v`. */
export const VM_TID_BASE = 10;
/** Longest nested slice (hypercall, port operation, upcall, interrupt), in ns: the trace has each
 *  event's end only, so a nested slice ends at the record and starts at most this long before it. */
const NESTED_NS = 500;

const us = (ns: number): number => Math.round(ns) / 1000;

interface Span {
  startNs: number;
  endNs: number;
}

/** One track's slots and the nested slices placed in them so far. */
class Track {
  /** End of the last nested slice per slot (siblings must not overlap). */
  private readonly cursor = new Map<Span, number>();
  constructor(
    readonly tid: number,
    readonly spans: Span[],
  ) {}

  /** The span containing `timeNs`, if any (spans are sorted and disjoint). */
  spanAt(timeNs: number): Span | undefined {
    let low = 0;
    let high = this.spans.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const span = this.spans[middle];
      if (timeNs < span.startNs) high = middle - 1;
      else if (timeNs > span.endNs) low = middle + 1;
      else return span;
    }
    return undefined;
  }

  /** A nested slice ending at `timeNs` inside its span, after the span's previous nested slice; null
   *  when no span holds `timeNs`. */
  nested(timeNs: number): Span | null {
    const span = this.spanAt(timeNs);
    if (span === undefined) return null;
    const earliest = Math.max(span.startNs, this.cursor.get(span) ?? span.startNs);
    const endNs = Math.max(earliest, timeNs);
    const startNs = Math.max(earliest, endNs - NESTED_NS);
    this.cursor.set(span, endNs);
    return { startNs, endNs };
  }
}

/** The Chrome trace-event JSON object of `records`. */
export function perfettoTrace(records: readonly TimedRecord[], context: TraceContext): ChromeTrace {
  const events: ChromeTraceEvent[] = [];
  const slices = runSlices(records, context);
  const vmCount = Math.max(
    context.vmNames.length,
    ...records.filter((r) => r.vm !== NO_VM).map((r) => r.vm + 1),
  );
  const title = context.system === null ? 'bulkhead' : `bulkhead ${context.system}`;
  events.push({ name: 'process_name', ph: 'M', pid: PID, tid: 0, args: { name: title } });
  const threadNames: [number, string][] = [
    [CORE_TID, 'core 0'],
    [HYPERVISOR_TID, 'hypervisor'],
  ];
  for (let vm = 0; vm < vmCount; vm++) threadNames.push([VM_TID_BASE + vm, `vm${vm} ${vmName(context, vm)}`]);
  threadNames.forEach(([tid, name], order) => {
    events.push({ name: 'thread_name', ph: 'M', pid: PID, tid, args: { name } });
    events.push({ name: 'thread_sort_index', ph: 'M', pid: PID, tid, args: { sort_index: order } });
  });

  // Slots: the core track holds every window (and the switch before it), a VM's track its own slots.
  const coreSpans: Span[] = [];
  const vmSpans: Span[][] = Array.from({ length: vmCount }, () => []);
  for (const slice of slices) {
    const owner = slice.vm === null ? 'idle' : vmName(context, slice.vm);
    const args = {
      window: slice.window,
      plan: context.plans[slice.plan]?.name ?? slice.plan,
      ticks: slice.ticks,
    };
    if (slice.switchNs > slice.startNs) {
      const span = { startNs: slice.startNs, endNs: slice.switchNs };
      coreSpans.push(span);
      events.push(complete('slot switch', CORE_TID, span, 'hypervisor', {}));
    }
    const span = { startNs: slice.switchNs, endNs: slice.endNs };
    coreSpans.push(span);
    events.push(complete(owner, CORE_TID, span, 'slot', args));
    if (slice.vm !== null && slice.vm < vmCount) {
      const own = { ...span };
      vmSpans[slice.vm].push(own);
      events.push(complete(`slot ${slice.window}`, VM_TID_BASE + slice.vm, own, 'slot', args));
    }
  }
  const core = new Track(CORE_TID, coreSpans);
  const vmTracks = vmSpans.map((spans, vm) => new Track(VM_TID_BASE + vm, spans));

  const flows = new FlowMatcher(context, events);
  for (const record of records) {
    const track = record.vm !== NO_VM && record.vm < vmCount ? vmTracks[record.vm] : null;
    const instantTid = track?.tid ?? HYPERVISOR_TID;
    switch (record.kind) {
      case 'H':
      case 'P':
      case 'U': {
        if (track === null) break;
        const span = track.nested(record.timeNs);
        const { name, args } = describeNested(record, context);
        if (span === null) {
          events.push(instant(name, instantTid, record.timeNs, 'outside a slot', args));
          break;
        }
        events.push(complete(name, track.tid, span, record.kind === 'U' ? 'upcall' : 'hypercall', args));
        flows.nestedSlice(record, track.tid, span);
        break;
      }
      case 'I': {
        const span = core.nested(record.timeNs);
        const args = { irq: record.a, vm: vmName(context, record.vm, 'none'), virq: record.b };
        if (span === null) events.push(instant(`irq ${record.a}`, CORE_TID, record.timeNs, 'irq', args));
        else events.push(complete(`irq ${record.a}`, CORE_TID, span, 'irq', args));
        break;
      }
      case 'F':
        events.push(
          instant(`fault: ${healthEventName(record.a)}`, instantTid, record.timeNs, 'fault', {
            address: `0x${record.b.toString(16).padStart(8, '0')}`,
          }),
        );
        break;
      case 'A':
        events.push(
          instant(`health action: ${healthActionName(record.a)}`, instantTid, record.timeNs, 'fault', {
            restarts: record.b,
          }),
        );
        break;
      case 'V':
        events.push(
          instant(
            `state: ${VM_STATE_NAMES[record.a] ?? record.a}`,
            instantTid,
            record.timeNs,
            'lifecycle',
            {},
          ),
        );
        break;
      case 'L':
        events.push(
          instant(
            record.b === 1 ? 'plan switch applied' : 'plan switch requested',
            instantTid,
            record.timeNs,
            'schedule',
            { plan: context.plans[record.a]?.name ?? record.a },
          ),
        );
        break;
      case 'X':
        events.push(
          instant('records lost', instantTid, record.timeNs, 'trace', {
            lost: record.a,
            lostInAll: record.b,
          }),
        );
        break;
      default:
        break;
    }
  }
  return {
    traceEvents: events,
    displayTimeUnit: 'ns',
    metadata: { system: context.system ?? 'unknown', tickNs: context.tickNs, records: records.length },
  };
}

function complete(
  name: string,
  tid: number,
  span: Span,
  cat: string,
  args: ChromeTraceEvent['args'],
): ChromeTraceEvent {
  const dur = (Math.round(span.endNs) - Math.round(span.startNs)) / 1000;
  return { name, cat, ph: 'X', pid: PID, tid, ts: us(span.startNs), dur, args };
}

function instant(
  name: string,
  tid: number,
  timeNs: number,
  cat: string,
  args: ChromeTraceEvent['args'],
): ChromeTraceEvent {
  return { name, cat, ph: 'i', s: 't', pid: PID, tid, ts: us(timeNs), args };
}

function describeNested(
  record: TimedRecord,
  context: TraceContext,
): { name: string; args: Record<string, string | number> } {
  if (record.kind === 'H') return { name: hypercallName(record.a), args: { result: record.b } };
  if (record.kind === 'U')
    return { name: `upcall virq ${record.a}`, args: { handler: `0x${record.b.toString(16)}` } };
  const { port, op } = portOperation(record);
  return { name: `${portName(context, port)} ${PORT_OPS[op] ?? `op${op}`}`, args: { length: record.b } };
}

interface FlowEnd {
  tid: number;
  timeNs: number;
}

/** Pairs message sends with receives as they are placed, and writes the flow events. */
class FlowMatcher {
  private nextId = 1;
  /** Queuing sends per port, each with the destinations it did not reach (overflow). */
  private readonly queued = new Map<number, { end: FlowEnd; skipped: Set<number> }[]>();
  private readonly queueCursor = new Map<string, number>();
  private readonly pendingOverflow = new Map<number, Set<number>>();
  /** Latest sampling write per port, and the readers that already got a flow from it. */
  private readonly latestWrite = new Map<number, { end: FlowEnd; readers: Set<number> }>();
  /** CAN sends in order. */
  private readonly canSends: { vm: number; end: FlowEnd }[] = [];
  private readonly canCursor = new Map<number, number>();

  constructor(
    private readonly context: TraceContext,
    private readonly events: ChromeTraceEvent[],
  ) {}

  /** Called for every nested slice placed (hypercall, port operation or upcall record). */
  nestedSlice(record: TimedRecord, tid: number, span: Span): void {
    const end: FlowEnd = { tid, timeNs: (span.startNs + span.endNs) / 2 };
    if (record.kind === 'P') this.port(record, end);
    else if (record.kind === 'H' && record.b === 0 && record.a === HYPERCALL_CAN_SEND)
      this.canSends.push({ vm: record.vm, end });
    else if (record.kind === 'H' && record.b === 0 && record.a === HYPERCALL_CAN_RECEIVE)
      this.canReceive(record.vm, end);
  }

  private port(record: TimedRecord, end: FlowEnd): void {
    const { port, op } = portOperation(record);
    const name = portName(this.context, port);
    if (op === 5) {
      const set = this.pendingOverflow.get(port) ?? new Set<number>();
      set.add(record.b);
      this.pendingOverflow.set(port, set);
    } else if (op === PORT_OP_QUEUING_SEND) {
      const list = this.queued.get(port) ?? [];
      list.push({ end, skipped: this.pendingOverflow.get(port) ?? new Set() });
      this.pendingOverflow.delete(port);
      this.queued.set(port, list);
    } else if (op === PORT_OP_QUEUING_RECEIVE) {
      const list = this.queued.get(port) ?? [];
      const key = `${port}/${record.vm}`;
      let cursor = this.queueCursor.get(key) ?? 0;
      while (cursor < list.length && list[cursor].skipped.has(record.vm)) cursor++;
      if (cursor < list.length) {
        this.flow(`message ${name}`, 'port', list[cursor].end, end);
        cursor++;
      }
      this.queueCursor.set(key, cursor);
    } else if (op === PORT_OP_SAMPLING_WRITE) {
      this.latestWrite.set(port, { end, readers: new Set() });
    } else if (op === PORT_OP_SAMPLING_READ) {
      const write = this.latestWrite.get(port);
      if (write !== undefined && !write.readers.has(record.vm)) {
        write.readers.add(record.vm);
        this.flow(`message ${name}`, 'port', write.end, end);
      }
    }
  }

  private canReceive(vm: number, end: FlowEnd): void {
    let cursor = this.canCursor.get(vm) ?? 0;
    while (cursor < this.canSends.length && this.context.canReaches[this.canSends[cursor].vm]?.[vm] !== true)
      cursor++;
    if (cursor < this.canSends.length) {
      this.flow('CAN frame', 'can', this.canSends[cursor].end, end);
      cursor++;
    }
    this.canCursor.set(vm, cursor);
  }

  private flow(name: string, cat: string, from: FlowEnd, to: FlowEnd): void {
    const id = this.nextId++;
    this.events.push({ name, cat, ph: 's', id, pid: PID, tid: from.tid, ts: us(from.timeNs) });
    this.events.push({ name, cat, ph: 'f', bp: 'e', id, pid: PID, tid: to.tid, ts: us(to.timeNs) });
  }
}
