// Scaling series (results.json `scaling`): how the hypervisor's costs grow with the system. Each series
// is a list of points (x, median instructions; min and max kept) and a least-squares fit
// `constant + slope * x`, so the report can state the growth per unit:
// - `vmSwitchByRegions`: vm_switch against the MPU regions of the VMs (1..12; the headline system);
// - `queuingBySize`: queuing_send and queuing_receive against the message size (8..1024 bytes);
// - `tickByVmCount`: the tick handler (plain tick inside a 2-tick slot, and a tick at a slot boundary)
//   against the number of VMs (2..8, one slot each);
// - `tickBySlots`: the same against the slots per major frame (two VMs in turn).
// The region series shares the headline switch system at 4 regions.
import { measurePorts, type PortLatencies } from './ports.ts';
import type { LatencyResult } from './results.ts';
import { MAX_BENCH_REGIONS, PORT_SCALING_SIZES } from './systems.ts';
import {
  HEADLINE_REGIONS,
  HEADLINE_SWITCH,
  measureSwitches,
  type SwitchOptions,
  type SwitchRun,
} from './vm-switch.ts';

export interface SeriesPoint {
  x: number;
  min: number;
  median: number;
  max: number;
  samples: number;
}

export interface Fit {
  /** Instructions at x = 0. */
  constant: number;
  /** Instructions per unit of x. */
  slope: number;
}

export interface Series {
  /** What x counts. */
  x: string;
  points: SeriesPoint[];
  fit: Fit;
}

export interface ScalingResults {
  vmSwitchByRegions: Series;
  queuingSendBySize: Series;
  queuingReceiveBySize: Series;
  plainTickByVmCount: Series;
  switchTickByVmCount: Series;
  plainTickBySlots: Series;
  switchTickBySlots: Series;
}

export interface ScalingPlan {
  regions: number[];
  sizes: number[];
  vmCounts: number[];
  slots: number[];
  samples: number;
}

export const FULL_SCALING: ScalingPlan = {
  regions: Array.from({ length: MAX_BENCH_REGIONS }, (_, i) => i + 1),
  sizes: [...PORT_SCALING_SIZES],
  vmCounts: [2, 3, 4, 5, 6, 7, 8],
  slots: [2, 4, 8, 16, 24],
  samples: 200,
};

/** Least-squares line through the medians, rounded to 0.01 instruction. */
export function fitLine(points: readonly { x: number; median: number }[]): Fit {
  const n = points.length;
  if (n === 0) throw new Error('fit: no points');
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.median, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - meanX) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - meanX) * (p.median - meanY), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const round = (v: number): number => Math.round(v * 100) / 100;
  return { constant: round(meanY - slope * meanX), slope: round(slope) };
}

function point(x: number, latency: LatencyResult): SeriesPoint {
  return { x, ...latency };
}

function series(x: string, points: SeriesPoint[]): Series {
  return { x, points, fit: fitLine(points) };
}

/**
 * Runs the series of `plan`. `headline` is the 4-region two-VM switch run and `ports` the headline port
 * run, reused for their points; `portsBySize` may already hold every size of the plan (quick mode).
 */
export async function measureScaling(
  plan: ScalingPlan,
  headline: SwitchRun,
  headlinePorts: Partial<PortLatencies> | undefined,
): Promise<ScalingResults> {
  const switchRuns = new Map<string, SwitchRun>();
  const keyOf = (o: SwitchOptions): string =>
    `r${o.regions}-v${o.vmCount}-s${o.slotsPerFrame}-t${o.slotTicks}`;
  switchRuns.set(keyOf(HEADLINE_SWITCH), headline);
  const run = async (options: SwitchOptions): Promise<SwitchRun> => {
    let found = switchRuns.get(keyOf(options));
    if (found === undefined) {
      found = await measureSwitches(options, plan.samples);
      switchRuns.set(keyOf(options), found);
    }
    return found;
  };
  // Regions: the headline system with other region counts. Ticks: 2-tick slots, so plain ticks exist.
  const byRegions: SeriesPoint[] = [];
  for (const regions of plan.regions) {
    const r = await run({ ...HEADLINE_SWITCH, regions });
    byRegions.push(point(r.guestRegions, r.vmSwitch));
  }
  const plainByVm: SeriesPoint[] = [];
  const switchByVm: SeriesPoint[] = [];
  for (const vmCount of plan.vmCounts) {
    const r = await run({ regions: HEADLINE_REGIONS, vmCount, slotsPerFrame: vmCount, slotTicks: 2 });
    plainByVm.push(point(vmCount, r.plainTick!));
    switchByVm.push(point(vmCount, r.vmSwitch));
  }
  const plainBySlots: SeriesPoint[] = [];
  const switchBySlots: SeriesPoint[] = [];
  for (const slots of plan.slots) {
    const r = await run({ regions: HEADLINE_REGIONS, vmCount: 2, slotsPerFrame: slots, slotTicks: 2 });
    plainBySlots.push(point(slots, r.plainTick!));
    switchBySlots.push(point(slots, r.vmSwitch));
  }
  const covered = plan.sizes.every(
    (size) =>
      headlinePorts?.queuing_send?.[String(size)] !== undefined &&
      headlinePorts?.queuing_receive?.[String(size)] !== undefined,
  );
  const ports = covered
    ? headlinePorts!
    : (await measurePorts(plan.sizes, plan.samples, ['queuing_send', 'queuing_receive'])).latencies;
  const sizeSeries = (op: 'queuing_send' | 'queuing_receive'): SeriesPoint[] =>
    plan.sizes.map((size) => point(size, ports[op]![String(size)]));
  return {
    vmSwitchByRegions: series('MPU regions per VM', byRegions),
    queuingSendBySize: series('message bytes', sizeSeries('queuing_send')),
    queuingReceiveBySize: series('message bytes', sizeSeries('queuing_receive')),
    plainTickByVmCount: series('VMs (one slot each)', plainByVm),
    switchTickByVmCount: series('VMs (one slot each)', switchByVm),
    plainTickBySlots: series('slots per major frame (two VMs)', plainBySlots),
    switchTickBySlots: series('slots per major frame (two VMs)', switchBySlots),
  };
}
