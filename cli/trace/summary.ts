// Job: summarise a decoded trace per VM and per major frame: CPU share from the slot switches (slot
// time of each VM, idle gaps, and the hypervisor's time from the tick interrupt to each switch),
// overruns (windows longer than the plan's), hypercalls by name, faults with their actions, port
// messages, virtual-CAN frames (successful CanSend/CanReceive calls), interrupts and lost records; and
// print it as text.
import {
  HYPERCALL_CAN_RECEIVE,
  HYPERCALL_CAN_SEND,
  hypercallEvents,
  hypercallName,
  healthActionName,
  healthEventName,
  NO_VM,
  PORT_OPS,
  portName,
  portOperation,
  type TimedRecord,
  type TraceContext,
  vmName,
} from './decode.ts';

/** Names of the CPU-share owners that are not VMs. */
export const IDLE = 'idle';
export const HYPERVISOR = 'hypervisor';

/** One window as it ran: from its tick's start to the next window's tick start. */
export interface RunSlice {
  /** VM index, or null for an idle gap. */
  vm: number | null;
  window: number;
  plan: number;
  /** The window's tick start, the slot switch record's time, the next window's tick start (ns). */
  startNs: number;
  switchNs: number;
  endNs: number;
  /** Ticks the window lasted and the ticks the plan gives it (null: no plan known). */
  ticks: number;
  plannedTicks: number | null;
}

export interface FaultEntry {
  timeNs: number;
  vm: string;
  event: string;
  address: number;
  /** The action the health monitor took (the next `A` record of the VM), if recorded. */
  action: string | null;
  restarts: number | null;
}

/** Counters of one VM (or the hypervisor) over a span of the trace. */
export interface VmActivity {
  hypercalls: Record<string, number>;
  interrupts: number;
  upcalls: number;
  portMessages: Record<string, number>;
  canSent: number;
  canReceived: number;
  faults: number;
  overruns: number;
  lost: number;
}

export interface FrameSummary {
  index: number;
  plan: string;
  startNs: number;
  endNs: number;
  /** Nanoseconds of the frame per owner: VM names, `idle`, `hypervisor`; they add up to the frame. */
  cpuNs: Record<string, number>;
  activity: Record<string, VmActivity>;
}

export interface TraceSummary {
  system: string | null;
  tickNs: number;
  records: number;
  /** False when every sub-tick stamp is 0: the CPU had no counting PMU (QEMU's Cortex-R52), so every
   *  event is placed at its tick's start. */
  subTickStamps: boolean;
  firstNs: number;
  lastNs: number;
  slices: RunSlice[];
  /** Complete major frames (from one window-0 switch to the next). */
  frames: FrameSummary[];
  /** CPU share over the complete frames, per owner (fractions adding up to 1). */
  cpuShare: Record<string, number>;
  /** The share the plans give each owner over the same frames (null without a plan). */
  plannedShare: Record<string, number> | null;
  /** Activity over the whole trace, per VM name (and `hypervisor`). */
  activity: Record<string, VmActivity>;
  faults: FaultEntry[];
}

function emptyActivity(): VmActivity {
  return {
    hypercalls: {},
    interrupts: 0,
    upcalls: 0,
    portMessages: {},
    canSent: 0,
    canReceived: 0,
    faults: 0,
    overruns: 0,
    lost: 0,
  };
}

function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

/** The windows as they ran, from consecutive slot switch records. */
export function runSlices(records: readonly TimedRecord[], context: TraceContext): RunSlice[] {
  const switches = records.filter((r) => r.kind === 'S');
  const slices: RunSlice[] = [];
  for (let i = 0; i + 1 < switches.length; i++) {
    const s = switches[i];
    const next = switches[i + 1];
    const planned = context.plans[s.b]?.windows[s.a];
    slices.push({
      vm: s.vm === NO_VM ? null : s.vm,
      window: s.a,
      plan: s.b,
      startNs: s.tick * context.tickNs,
      switchNs: s.timeNs,
      endNs: next.tick * context.tickNs,
      ticks: next.tick - s.tick,
      plannedTicks: planned === undefined ? null : planned.duration,
    });
  }
  return slices;
}

/** Adds what `record` says to `activity` (hypercalls are counted separately, see `hypercallEvents`). */
function count(record: TimedRecord, context: TraceContext, activity: (vm: number) => VmActivity): void {
  switch (record.kind) {
    case 'I':
      if (record.vm !== NO_VM) activity(record.vm).interrupts++;
      break;
    case 'U':
      activity(record.vm).upcalls++;
      break;
    case 'P': {
      const { port, op } = portOperation(record);
      bump(activity(record.vm).portMessages, `${portName(context, port)} ${PORT_OPS[op] ?? `op${op}`}`);
      break;
    }
    case 'F':
      activity(record.vm).faults++;
      break;
    case 'X':
      activity(record.vm).lost += record.a;
      break;
    default:
      break;
  }
}

/** Summarises `records` (see the file header). */
export function summarizeTrace(records: readonly TimedRecord[], context: TraceContext): TraceSummary {
  const slices = runSlices(records, context);
  const ownerName = (vm: number | null): string => (vm === null ? IDLE : vmName(context, vm));
  const activity: Record<string, VmActivity> = {};
  const activityOf =
    (table: Record<string, VmActivity>) =>
    (vm: number): VmActivity =>
      (table[vmName(context, vm)] ??= emptyActivity());
  for (const name of context.vmNames) activity[name] = emptyActivity();

  // Frames: runs of slices from a window-0 switch to the next one.
  const frames: FrameSummary[] = [];
  let current: { slices: RunSlice[] } | null = null;
  const close = (): void => {
    if (current === null || current.slices.length === 0) return;
    const first = current.slices[0];
    const last = current.slices[current.slices.length - 1];
    const cpuNs: Record<string, number> = { [HYPERVISOR]: 0 };
    for (const slice of current.slices) {
      bump(cpuNs, HYPERVISOR, slice.switchNs - slice.startNs);
      bump(cpuNs, ownerName(slice.vm), slice.endNs - slice.switchNs);
    }
    frames.push({
      index: frames.length,
      plan: context.plans[first.plan]?.name ?? `plan${first.plan}`,
      startNs: first.startNs,
      endNs: last.endNs,
      cpuNs,
      activity: {},
    });
  };
  for (const slice of slices) {
    if (slice.window === 0) {
      if (current !== null && current.slices[0].window === 0) close();
      current = { slices: [] };
    }
    current?.slices.push(slice);
  }
  // The last run is complete only if the slot switch after it starts a frame.
  const switches = records.filter((r) => r.kind === 'S');
  if (current !== null && switches.length > 0 && switches[switches.length - 1].a === 0) close();

  const frameAt = (timeNs: number): FrameSummary | undefined => {
    let low = 0;
    let high = frames.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const f = frames[middle];
      if (timeNs < f.startNs) high = middle - 1;
      else if (timeNs >= f.endNs) low = middle + 1;
      else return f;
    }
    return undefined;
  };
  const frameActivity = (timeNs: number): ((vm: number) => VmActivity) | null => {
    const frame = frameAt(timeNs);
    return frame === undefined ? null : activityOf(frame.activity);
  };

  for (const record of records) {
    count(record, context, activityOf(activity));
    const inFrame = frameActivity(record.timeNs);
    if (inFrame !== null) count(record, context, inFrame);
  }
  for (const { record, call, result } of hypercallEvents(records)) {
    const targets = [activityOf(activity)];
    const inFrame = frameActivity(record.timeNs);
    if (inFrame !== null) targets.push(inFrame);
    for (const of of targets) {
      const a = of(record.vm);
      bump(a.hypercalls, hypercallName(call));
      if (result === 0 && call === HYPERCALL_CAN_SEND) a.canSent++;
      if (result === 0 && call === HYPERCALL_CAN_RECEIVE) a.canReceived++;
    }
  }
  for (const slice of slices) {
    if (slice.vm === null || slice.plannedTicks === null || slice.ticks <= slice.plannedTicks) continue;
    activityOf(activity)(slice.vm).overruns++;
    const inFrame = frameActivity(slice.startNs);
    if (inFrame !== null) inFrame(slice.vm).overruns++;
  }

  const faults: FaultEntry[] = [];
  records.forEach((record, index) => {
    if (record.kind !== 'F') return;
    const action = records.slice(index + 1, index + 8).find((r) => r.kind === 'A' && r.vm === record.vm);
    faults.push({
      timeNs: record.timeNs,
      vm: vmName(context, record.vm),
      event: healthEventName(record.a),
      address: record.b,
      action: action === undefined ? null : healthActionName(action.a),
      restarts: action === undefined ? null : action.b,
    });
  });

  const total = frames.reduce((sum, f) => sum + (f.endNs - f.startNs), 0);
  const cpuShare: Record<string, number> = {};
  for (const frame of frames) {
    for (const [owner, ns] of Object.entries(frame.cpuNs)) bump(cpuShare, owner, ns / total);
  }
  return {
    system: context.system,
    tickNs: context.tickNs,
    records: records.length,
    subTickStamps: records.some((r) => r.cycles !== 0),
    firstNs: records[0]?.timeNs ?? 0,
    lastNs: records[records.length - 1]?.timeNs ?? 0,
    slices,
    frames,
    cpuShare,
    plannedShare: plannedShare(frames, context),
    activity,
    faults,
  };
}

/** The share the plans give each owner over `frames` (null when a frame's plan is unknown). */
function plannedShare(frames: readonly FrameSummary[], context: TraceContext): Record<string, number> | null {
  if (frames.length === 0) return null;
  const share: Record<string, number> = {};
  let total = 0;
  for (const frame of frames) {
    const plan = context.plans.find((p) => p.name === frame.plan);
    if (plan === undefined) return null;
    for (const window of plan.windows) {
      bump(share, window.vm === null ? IDLE : vmName(context, window.vm), window.duration);
    }
    total += plan.majorFrame;
  }
  for (const key of Object.keys(share)) share[key] /= total;
  return share;
}

const percent = (fraction: number): string => `${(fraction * 100).toFixed(2).padStart(6)} %`;
const ms = (ns: number): string => (ns / 1e6).toFixed(3);

function activityLine(name: string, a: VmActivity): string {
  const calls = Object.entries(a.hypercalls).sort((x, y) => y[1] - x[1]);
  const callCount = calls.reduce((sum, [, n]) => sum + n, 0);
  const ports = Object.entries(a.portMessages).map(([k, n]) => `${k} ${n}`);
  return [
    `  ${name}:`,
    `    hypercalls ${callCount}${calls.length === 0 ? '' : ` (${calls.map(([k, n]) => `${k} ${n}`).join(', ')})`}`,
    `    interrupts ${a.interrupts}, upcalls ${a.upcalls}, CAN frames sent ${a.canSent} received ${a.canReceived}`,
    `    port messages ${ports.length === 0 ? 0 : ports.join(', ')}`,
    `    faults ${a.faults}, overruns ${a.overruns}, lost records ${a.lost}`,
  ].join('\n');
}

/** The summary as text: totals, per-VM activity, faults, then one line per major frame. */
export function formatSummary(summary: TraceSummary, source: string): string {
  const owners = Object.keys(summary.cpuShare).sort((x, y) =>
    x === HYPERVISOR ? 1 : y === HYPERVISOR ? -1 : x === IDLE ? 1 : y === IDLE ? -1 : x.localeCompare(y),
  );
  const out: string[] = [
    `trace summary of ${source}${summary.system === null ? '' : ` (system '${summary.system}')`}, tick ${summary.tickNs / 1000} µs`,
    `  ${summary.records} records, ${ms(summary.firstNs)} .. ${ms(summary.lastNs)} ms; ${summary.frames.length} complete major frames`,
    ...(summary.subTickStamps
      ? []
      : [
          "  every sub-tick stamp is 0 (no counting PMU, e.g. QEMU's Cortex-R52): events are placed at tick starts",
        ]),
    '',
    'CPU share over the complete major frames (measured, planned):',
  ];
  for (const owner of owners) {
    const planned = summary.plannedShare?.[owner];
    const note =
      owner === HYPERVISOR
        ? '  (tick interrupt to slot switch)'
        : planned === undefined
          ? ''
          : `  plan ${percent(planned)}`;
    out.push(`  ${owner.padEnd(12)} ${percent(summary.cpuShare[owner])}${note}`);
  }
  out.push('', 'per VM over the whole trace:');
  for (const [name, a] of Object.entries(summary.activity)) out.push(activityLine(name, a));
  out.push('', `faults: ${summary.faults.length}`);
  for (const f of summary.faults) {
    const action =
      f.action === null ? '' : `, ${f.action}${f.restarts === null ? '' : ` (restarts ${f.restarts})`}`;
    out.push(
      `  ${ms(f.timeNs).padStart(10)} ms  ${f.vm}: ${f.event} at 0x${f.address.toString(16).padStart(8, '0')}${action}`,
    );
  }
  const vmNames = Object.keys(summary.activity).filter((n) => n !== HYPERVISOR);
  out.push('', 'major frames (CPU share %, then counts over all VMs):');
  out.push(
    `  ${'#'.padStart(4)} ${'start ms'.padStart(10)} ${'plan'.padEnd(12)} ${[...vmNames, IDLE, 'hv']
      .map((n) => n.slice(0, 8).padStart(8))
      .join(' ')}  calls faults  port   can  lost  overruns`,
  );
  for (const frame of summary.frames) {
    const length = frame.endNs - frame.startNs;
    const shares = [...vmNames, IDLE, HYPERVISOR].map((n) =>
      (((frame.cpuNs[n] ?? 0) / length) * 100).toFixed(2).padStart(8),
    );
    const totals = Object.values(frame.activity).reduce(
      (t, a) => ({
        calls: t.calls + Object.values(a.hypercalls).reduce((s, n) => s + n, 0),
        faults: t.faults + a.faults,
        port: t.port + Object.values(a.portMessages).reduce((s, n) => s + n, 0),
        can: t.can + a.canSent + a.canReceived,
        lost: t.lost + a.lost,
        overruns: t.overruns + a.overruns,
      }),
      { calls: 0, faults: 0, port: 0, can: 0, lost: 0, overruns: 0 },
    );
    out.push(
      `  ${String(frame.index).padStart(4)} ${ms(frame.startNs).padStart(10)} ${frame.plan.padEnd(12)} ${shares.join(' ')}  ${String(
        totals.calls,
      ).padStart(5)} ${String(totals.faults).padStart(6)} ${String(totals.port).padStart(5)} ${String(
        totals.can,
      ).padStart(5)} ${String(totals.lost).padStart(5)} ${String(totals.overruns).padStart(9)}`,
    );
  }
  return out.join('\n') + '\n';
}
