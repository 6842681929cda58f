// The shape of `out/bench/results.json` and the measurements the issue asks for that this version of the
// benchmarks does not take yet (listed in the JSON and the report instead of being left out silently).
import type { Footprint } from './footprint.ts';
import type { HypercallNullResult } from './hypercall-null.ts';
import type { StackResult } from './stack.ts';

export interface LatencyResult {
  min: number;
  median: number;
  max: number;
  samples: number;
}

export interface BenchResults {
  /** What every number is counted in. */
  basis: string;
  footprint: Footprint;
  /** Worst-case stack depth in bytes per entry point (BSP exception hook). */
  stack: StackResult['depth'];
  stackDetail: Omit<StackResult, 'depth'>;
  hypercall_null?: LatencyResult;
  hypercallNullDetail?: Omit<HypercallNullResult, 'latency'>;
  /** Keys of the results.json that are not measured yet. */
  notMeasured: string[];
}

export const ALL_KEYS = [
  'hypercall_null',
  'vm_switch',
  'virq_latency',
  'sampling_write',
  'sampling_read',
  'queuing_send',
  'queuing_receive',
  'vcan_send',
  'footprint',
  'stack',
  'codegen',
  'scaling',
] as const;

/** Targets of the milestone (issue 7), bytes or instructions. */
export const TARGETS = {
  hypercallNullMedian: 150,
  textPlusRodata: 24 * 1024,
  dataPlusBss: 8 * 1024,
} as const;
