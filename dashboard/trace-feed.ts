// Job: turn the trace of a running system, line by line as it is recorded, into dashboard messages: the
// windows as they ran (Gantt), CPU shares per VM, idle and hypervisor (the same computation as
// `bulkhead trace summary`, over the last interval and the whole run), health events, faults, VM state
// changes and plan switches, port traffic, and the virtual time reached.
import {
  decodeTrace,
  healthActionName,
  healthEventName,
  NO_VM,
  type TimedRecord,
  type TraceContext,
  VM_STATE_NAMES,
  vmName,
} from '../cli/trace/decode.ts';
import { summarizeTrace } from '../cli/trace/summary.ts';
import type { EventMessage, ServerMessage } from './messages.ts';

/** Virtual time the "last interval" CPU shares cover, ns. */
const INTERVAL_NS = 100_000_000;

const percent = (fraction: number): number => Math.round(fraction * 1e4) / 100;

export class TraceFeed {
  private readonly records: TimedRecord[] = [];
  private slicesSent = 0;
  private recordsExamined = 0;
  private lineNumber = 0;

  constructor(
    private readonly context: TraceContext,
    private readonly publish: (message: ServerMessage) => void,
    private readonly paused: () => boolean = () => false,
  ) {}

  /** Adds complete trace lines (a malformed line is reported once as an event and skipped). */
  lines(lines: readonly string[]): void {
    for (const line of lines) {
      this.lineNumber++;
      try {
        const [record] = decodeTrace(`${line}\n`, this.context, 'trace');
        if (record !== undefined) this.records.push({ ...record, line: this.lineNumber });
      } catch (error) {
        this.publish({
          t: 'event',
          atUs: this.lastUs(),
          kind: 'lost',
          vm: null,
          text: `trace line ${this.lineNumber} unreadable: ${(error as Error).message}`,
        });
      }
    }
  }

  private lastUs(): number {
    return (this.records[this.records.length - 1]?.timeNs ?? 0) / 1000;
  }

  /** Publishes what the records received so far add. */
  update(): void {
    if (this.records.length === 0) return;
    const summary = summarizeTrace(this.records, this.context);
    const newSlices = summary.slices.slice(this.slicesSent);
    this.slicesSent = summary.slices.length;
    if (newSlices.length > 0) {
      this.publish({
        t: 'slots',
        items: newSlices.map((slice) => ({
          vm: slice.vm ?? -1,
          startUs: slice.switchNs / 1000,
          endUs: slice.endNs / 1000,
        })),
      });
    }
    const frames = summary.frames;
    if (frames.length > 0) {
      const toNs = frames[frames.length - 1].endNs;
      const recent = frames.filter((frame) => frame.startNs >= toNs - INTERVAL_NS);
      const recentNs = recent.reduce((sum, frame) => sum + (frame.endNs - frame.startNs), 0);
      const interval: Record<string, number> = {};
      for (const frame of recent)
        for (const [owner, ns] of Object.entries(frame.cpuNs))
          interval[owner] = (interval[owner] ?? 0) + ns / recentNs;
      const total: Record<string, number> = {};
      for (const [owner, fraction] of Object.entries(summary.cpuShare)) total[owner] = percent(fraction);
      for (const owner of Object.keys(interval)) interval[owner] = percent(interval[owner]);
      this.publish({
        t: 'load',
        fromUs: (recent[0]?.startNs ?? toNs) / 1000,
        toUs: toNs / 1000,
        interval,
        total,
      });
    }
    for (; this.recordsExamined < this.records.length; this.recordsExamined++) {
      const event = this.eventOf(this.records[this.recordsExamined]);
      if (event !== null) this.publish(event);
    }
    const counts: { port: string; operation: string; count: number }[] = [];
    for (const [owner, activity] of Object.entries(summary.activity)) {
      for (const [key, count] of Object.entries(activity.portMessages)) {
        const [port, operation] = key.split(' ');
        counts.push({ port: `${port} (${owner})`, operation, count });
      }
    }
    this.publish({ t: 'ports', atUs: this.lastUs(), counts });
    this.publish({ t: 'time', virtualUs: this.lastUs(), paused: this.paused() });
  }

  private eventOf(record: TimedRecord): EventMessage | null {
    const atUs = record.timeNs / 1000;
    const vm = record.vm === NO_VM ? null : vmName(this.context, record.vm);
    switch (record.kind) {
      case 'F':
        return {
          t: 'event',
          atUs,
          kind: 'fault',
          vm,
          text: `${healthEventName(record.a)} (address/detail 0x${record.b.toString(16).padStart(8, '0')})`,
        };
      case 'A':
        return {
          t: 'event',
          atUs,
          kind: 'health',
          vm,
          text: `health action ${healthActionName(record.a)} (restarts ${record.b})`,
        };
      case 'V':
        return {
          t: 'event',
          atUs,
          kind: 'state',
          vm,
          text: `state ${VM_STATE_NAMES[record.a] ?? `#${record.a}`}`,
        };
      case 'L':
        return {
          t: 'event',
          atUs,
          kind: 'plan',
          vm,
          text: `plan ${this.context.plans[record.a]?.name ?? `#${record.a}`} ${record.b === 0 ? 'requested' : 'applied'}`,
        };
      case 'X':
        return {
          t: 'event',
          atUs,
          kind: 'lost',
          vm,
          text: `${record.a} trace records lost (${record.b} in all)`,
        };
      default:
        return null;
    }
  }
}
