// The shape of `out/bench/results.json`, the keys the issue asks for, the milestone targets, and the
// check that a results file is complete and sane (every requested key present, min <= median <= max,
// enough samples, positive sizes, masked paths with positive counts and the longest among them; the
// second board's section `boards` with every comparable key present, sound and plausible).
// `bench/run.ts` runs the check after every run and fails on a problem.
import type { CodegenEntry } from './codegen-entry.ts';
import type { Footprint } from './footprint.ts';
import type { HypercallNullResult } from './hypercall-null.ts';
import type { MaskedPathsDetail, MaskedPathsResult } from './masked-paths.ts';
import type { PortsRun } from './ports.ts';
import type { VcanSendResult } from './vcan-send.ts';
import type { VirqLatencyDetail } from './virq-latency.ts';
import type { SwitchRun } from './vm-switch.ts';
import type { ScalingResults, Series } from './scaling.ts';
import type { StackResult } from './stack.ts';

export interface LatencyResult {
  min: number;
  median: number;
  max: number;
  samples: number;
}

/** Latency per message size in bytes (JSON keys are the sizes as strings). */
export type LatencyBySize = Record<string, LatencyResult>;

export interface BenchResults {
  /** What every number is counted in. */
  basis: string;
  /** `full` (`npm run bench`) or `quick` (fewer samples and scaling points, for tests). */
  mode: 'full' | 'quick';
  /** Samples each latency measurement takes at least. */
  samplesPerKey: number;
  footprint?: Footprint;
  /** Worst-case stack depth in bytes per entry point (BSP exception hook). */
  stack?: StackResult['depth'];
  stackDetail?: Omit<StackResult, 'depth'>;
  hypercall_null?: LatencyResult;
  hypercallNullDetail?: Omit<HypercallNullResult, 'latency'>;
  vm_switch?: LatencyResult;
  vmSwitchDetail?: Omit<SwitchRun, 'vmSwitch'>;
  virq_latency?: LatencyResult;
  virqLatencyDetail?: VirqLatencyDetail;
  sampling_write?: LatencyBySize;
  sampling_read?: LatencyBySize;
  queuing_send?: LatencyBySize;
  queuing_receive?: LatencyBySize;
  portsDetail?: Omit<PortsRun, 'latencies'>;
  vcan_send?: LatencyResult;
  vcanSendDetail?: Omit<VcanSendResult, 'toLastByte'>;
  /** Longest path with interrupts masked, per hypervisor entry, and the longest of all. */
  masked_paths?: MaskedPathsResult;
  maskedPathsDetail?: MaskedPathsDetail;
  codegen?: CodegenEntry[];
  scaling?: ScalingResults;
  /** How realview-eb (the board of every key above) runs the benchmarks. */
  setup?: BoardSetup;
  /** The other boards this run measured the comparable keys on; each has its section in `boards`. */
  comparedBoards?: string[];
  /** The comparable keys on the other boards (bench/boards.ts), by board name. */
  boards?: Record<string, BoardResults>;
  /** Keys of the results.json that this run did not produce. */
  notMeasured: string[];
  /** Measurements that failed in this run, with their error (their keys are in `notMeasured`). */
  failed?: Record<string, string>;
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
  'masked_paths',
  'footprint',
  'stack',
  'codegen',
  'scaling',
] as const;
export type BenchKey = (typeof ALL_KEYS)[number];

/** How a board runs the benchmarks (the side-by-side table's header rows). */
export interface BoardSetup {
  board: string;
  cpu: string;
  hypervisorMode: string;
  guestMode: string;
  hypercallInstruction: string;
  /** QEMU binary, version, machine and CPU. */
  qemu: string;
}

/** The keys measured on every board, to compare them. */
export const BOARD_KEYS = [
  'hypercall_null',
  'vm_switch',
  'virq_latency',
  'sampling_write',
  'sampling_read',
  'queuing_send',
  'queuing_receive',
  'footprint',
] as const;
export type BoardKey = (typeof BOARD_KEYS)[number];

/** The comparable keys on one board other than realview-eb (results.json `boards.<board>`). */
export interface BoardResults extends BoardSetup {
  hypercall_null?: LatencyResult;
  /** Guest address of the measured hypercall instruction. */
  hypercallCallSite?: string;
  vm_switch?: LatencyResult;
  /** MPU regions each VM of the switch system loads. */
  vmSwitchRegions?: number;
  vmSwitchBreakdown?: Record<string, number>;
  virq_latency?: LatencyResult;
  virqDevice?: string;
  virqBreakdown?: Record<string, number>;
  sampling_write?: LatencyBySize;
  sampling_read?: LatencyBySize;
  queuing_send?: LatencyBySize;
  queuing_receive?: LatencyBySize;
  footprint?: { text: number; rodata: number; data: number; bss: number; ramPerVm: number };
  /** Keys of BOARD_KEYS not measured on this board in this run. */
  notMeasured: string[];
}

/** Keys measured in instructions with min/median/max, and those nested by message size. */
export const LATENCY_KEYS = ['hypercall_null', 'vm_switch', 'virq_latency', 'vcan_send'] as const;
export const SIZED_KEYS = ['sampling_write', 'sampling_read', 'queuing_send', 'queuing_receive'] as const;
/** Message sizes of the sized keys. */
export const MESSAGE_SIZES = [8, 64, 256] as const;
/** Samples per latency measurement in a full run (the issue: at least 1,000). */
export const FULL_SAMPLES = 1000;

/** Targets of the milestone (issue 7), bytes or instructions. */
export const TARGETS = {
  hypercallNullMedian: 150,
  vmSwitchMedian: 600,
  vmSwitchRegions: 4,
  virqLatencyMedian: 400,
  queuingPair8Median: 600,
  textPlusRodata: 24 * 1024,
  dataPlusBss: 8 * 1024,
  codegenRatio: 1.1,
} as const;

function latencyProblems(where: string, value: unknown, minSamples: number): string[] {
  if (typeof value !== 'object' || value === null) return [`${where}: missing`];
  const v = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of ['min', 'median', 'max', 'samples']) {
    const n = v[field];
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) {
      problems.push(`${where}.${field}: ${String(n)} is not a positive integer`);
    }
  }
  if (problems.length > 0) return problems;
  const { min, median, max, samples } = v as unknown as LatencyResult;
  if (!(min <= median && median <= max))
    problems.push(`${where}: min ${min}, median ${median}, max ${max} out of order`);
  if (samples < minSamples) problems.push(`${where}.samples: ${samples} < ${minSamples}`);
  return problems;
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** Problems of a masked_paths result: every entry with a positive maximum and count, and `longest`
 *  naming an entry whose maximum is the largest of all. */
function maskedPathsProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['masked_paths: not an object'];
  const { byEntry, longest } = value as Partial<MaskedPathsResult>;
  if (typeof byEntry !== 'object' || byEntry === null || Object.keys(byEntry).length === 0)
    return ['masked_paths.byEntry: no entry'];
  const problems: string[] = [];
  let largest = 0;
  for (const [entry, stats] of Object.entries(byEntry as Record<string, unknown>)) {
    const fields = (typeof stats === 'object' && stats !== null ? stats : {}) as Record<string, unknown>;
    for (const field of ['max', 'count']) {
      if (!isPositiveInteger(fields[field]))
        problems.push(
          `masked_paths.byEntry.${entry}.${field}: ${String(fields[field])} is not a positive integer`,
        );
    }
    if (isPositiveInteger(fields.max)) largest = Math.max(largest, fields.max);
  }
  if (longest === undefined || !isPositiveInteger(longest.instructions)) {
    problems.push(
      `masked_paths.longest.instructions: ${String(longest?.instructions)} is not a positive integer`,
    );
  } else if (longest.instructions !== largest || byEntry[longest.entry]?.max !== largest) {
    problems.push(
      `masked_paths.longest: ${longest.entry} ${longest.instructions} is not the largest maximum (${largest})`,
    );
  }
  return problems;
}

/** Bounds outside which a figure is not believable (a wrong start or end point, a lost segment): an
 *  exception entry and return alone is tens of instructions; none of these paths is near 100,000. */
export const PLAUSIBLE = {
  latency: { min: 20, max: 100_000 },
  /** text + rodata and data + bss of the hypervisor, bytes. */
  code: { min: 4 * 1024, max: 256 * 1024 },
  ram: { min: 64, max: 256 * 1024 },
} as const;

function plausibility(where: string, value: number, bounds: { min: number; max: number }): string[] {
  return value >= bounds.min && value <= bounds.max
    ? []
    : [`${where}: ${value} is outside the plausible ${bounds.min}..${bounds.max}`];
}

/** Problems of one board's section: every comparable key present or listed as not measured, each
 *  sound (as the headline keys) and plausible. */
function boardProblems(name: string, board: BoardResults, minSamples: number): string[] {
  const problems: string[] = [];
  const record = board as unknown as Record<string, unknown>;
  for (const field of ['cpu', 'guestMode', 'hypercallInstruction', 'qemu'] as const) {
    if (typeof board[field] !== 'string' || board[field] === '')
      problems.push(`boards.${name}.${field}: missing`);
  }
  const notMeasured = Array.isArray(board.notMeasured) ? board.notMeasured : [];
  for (const key of BOARD_KEYS) {
    const present = record[key] !== undefined;
    if (present === notMeasured.includes(key))
      problems.push(`boards.${name}.${key}: ${present ? 'present and listed as not measured' : 'missing'}`);
  }
  const latency = (where: string, value: unknown): void => {
    const found = latencyProblems(`boards.${name}.${where}`, value, minSamples);
    problems.push(...found);
    if (found.length === 0)
      problems.push(
        ...plausibility(`boards.${name}.${where}.median`, (value as LatencyResult).median, PLAUSIBLE.latency),
      );
  };
  for (const key of LATENCY_KEYS) if (record[key] !== undefined) latency(key, record[key]);
  for (const key of SIZED_KEYS) {
    const bySize = board[key];
    if (bySize !== undefined)
      for (const size of MESSAGE_SIZES) latency(`${key}.${size}`, bySize[String(size)]);
  }
  const f = board.footprint;
  if (f !== undefined) {
    for (const field of ['text', 'rodata', 'data', 'bss'] as const) {
      if (!isPositiveInteger(f[field]))
        problems.push(`boards.${name}.footprint.${field}: ${String(f[field])} is not a positive integer`);
    }
    if (!(Number.isInteger(f.ramPerVm) && f.ramPerVm >= 0))
      problems.push(`boards.${name}.footprint.ramPerVm: ${f.ramPerVm}`);
    problems.push(
      ...plausibility(`boards.${name}.footprint text + rodata`, f.text + f.rodata, PLAUSIBLE.code),
    );
    problems.push(...plausibility(`boards.${name}.footprint data + bss`, f.data + f.bss, PLAUSIBLE.ram));
  }
  return problems;
}

/** Problems of `results` for the keys it claims to have measured; empty when it is sound. */
export function resultProblems(results: BenchResults, minSamples: number): string[] {
  const problems: string[] = [];
  const record = results as unknown as Record<string, unknown>;
  for (const key of ALL_KEYS) {
    const present = record[key] !== undefined;
    const listed = results.notMeasured.includes(key);
    if (present === listed)
      problems.push(`${key}: ${present ? 'present and listed as not measured' : 'missing'}`);
  }
  for (const key of LATENCY_KEYS) {
    if (record[key] !== undefined) problems.push(...latencyProblems(key, record[key], minSamples));
  }
  for (const key of SIZED_KEYS) {
    const bySize = record[key] as LatencyBySize | undefined;
    if (bySize === undefined) continue;
    for (const size of MESSAGE_SIZES) {
      problems.push(...latencyProblems(`${key}.${size}`, bySize[String(size)], minSamples));
    }
  }
  if (results.masked_paths !== undefined) problems.push(...maskedPathsProblems(results.masked_paths));
  for (const name of results.comparedBoards ?? []) {
    if (results.boards?.[name] === undefined) problems.push(`boards.${name}: missing`);
  }
  for (const [name, board] of Object.entries(results.boards ?? {})) {
    problems.push(...boardProblems(name, board, minSamples));
  }
  if (results.footprint !== undefined) {
    for (const field of ['text', 'rodata', 'data', 'bss'] as const) {
      const n = results.footprint[field];
      if (!Number.isInteger(n) || n <= 0) problems.push(`footprint.${field}: ${n} is not a positive integer`);
    }
  }
  if (results.stack !== undefined) {
    for (const [entry, bytes] of Object.entries(results.stack)) {
      if (!Number.isInteger(bytes) || bytes <= 0) problems.push(`stack.${entry}: ${String(bytes)}`);
    }
  }
  if (results.codegen !== undefined) {
    if (results.codegen.length === 0) problems.push('codegen: no kernel');
    for (const entry of results.codegen) {
      for (const field of ['ts_instr', 'c_instr', 'ts_bytes', 'c_bytes'] as const) {
        if (!(typeof entry[field] === 'number' && entry[field] > 0)) {
          problems.push(`codegen.${entry.kernel}.${field}: ${String(entry[field])}`);
        }
      }
    }
  }
  if (results.scaling !== undefined) {
    for (const [name, series] of Object.entries(results.scaling as unknown as Record<string, Series>)) {
      if (series.points.length < 2) problems.push(`scaling.${name}: fewer than 2 points`);
      series.points.forEach((p, i) => {
        problems.push(...latencyProblems(`scaling.${name}.points[${i}]`, p, 1));
        if (!(p.x > 0)) problems.push(`scaling.${name}.points[${i}].x: ${p.x}`);
      });
      if (!Number.isFinite(series.fit.constant) || !Number.isFinite(series.fit.slope)) {
        problems.push(`scaling.${name}.fit: not finite`);
      }
    }
  }
  return problems;
}
