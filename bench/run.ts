// `npm run bench`: takes every measurement of issue 7 (footprint, worst-case stack depth, the latency
// keys, the longest masked paths, generated-code quality when bench/codegen/ is present, the scaling
// series) on realview-eb, then the comparable keys (BOARD_KEYS) on mps3-an536 (bench/boards.ts, results.json
// `boards`), writes `out/bench/results.json`, checks it (resultProblems: every key, min <= median <= max,
// at least FULL_SAMPLES samples, sound masked paths, plausible figures on the second board) and
// regenerates `docs/BENCHMARKS.md` from it.
// Options: `--only <key,...>` takes only those keys; `--quick` takes QUICK_SAMPLES samples per latency
// key and two or three points per scaling series (tests), and writes `out/bench/quick/results.json` and
// `out/bench/quick/BENCHMARKS.md` instead (a quick run never changes the committed report);
// `--samples <n>` overrides the sample count; `--boards <board,...|none>` picks the boards measured
// beside realview-eb (default: EXTRA_BOARDS); `--json <file>` and `--report <file>` redirect the
// outputs; `--no-report` skips the markdown.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { format, resolveConfig } from 'prettier';

import { parseQemuVersion } from '../qemu/runner/executables.ts';
import { boardSetup, EXTRA_BOARDS, measureBoard } from './boards.ts';
import { CODEGEN_MODULE, type CodegenModule } from './codegen-entry.ts';
import { measureFootprint } from './footprint.ts';
import { measureHypercallNull } from './hypercall-null.ts';
import { measureMaskedPaths } from './masked-paths.ts';
import { measurePorts, PORT_OPERATIONS, type PortLatencies } from './ports.ts';
import { renderReport } from './report.ts';
import {
  ALL_KEYS,
  BOARD_KEYS,
  FULL_SAMPLES,
  MESSAGE_SIZES,
  resultProblems,
  type BenchKey,
  type BenchResults,
} from './results.ts';
import { FULL_SCALING, measureScaling, type ScalingPlan } from './scaling.ts';
import { measureStack } from './stack.ts';
import { DEFAULT_BENCH_BOARD, type BenchBoard } from './systems.ts';
import { measureVcanSend } from './vcan-send.ts';
import { measureVirqLatency } from './virq-latency.ts';
import { measureVmSwitch, type SwitchRun } from './vm-switch.ts';

export const DEFAULT_JSON = resolve('out/bench/results.json');
export const DEFAULT_REPORT = resolve('docs/BENCHMARKS.md');
/** Where a quick run writes, unless redirected: under out/, beside nothing committed. */
export const QUICK_JSON = resolve('out/bench/quick/results.json');
export const QUICK_REPORT = resolve('out/bench/quick/BENCHMARKS.md');

/** The JSON and report a run writes when `--json` and `--report` do not say. */
export function defaultOutputs(quick: boolean): { json: string; report: string } {
  return quick ? { json: QUICK_JSON, report: QUICK_REPORT } : { json: DEFAULT_JSON, report: DEFAULT_REPORT };
}
/** Samples per latency key in a quick run. */
export const QUICK_SAMPLES = 100;

export interface RunOptions {
  keys: readonly BenchKey[];
  quick: boolean;
  samples: number;
  /** Boards measured beside realview-eb (the comparable keys among `keys`); EXTRA_BOARDS when omitted. */
  boards?: readonly BenchBoard[];
}

function quickScaling(samples: number): ScalingPlan {
  return { regions: [1, 4], sizes: [...MESSAGE_SIZES], vmCounts: [2, 4], slots: [2, 4], samples };
}

async function loadCodegen(): Promise<CodegenModule | undefined> {
  const url = new URL(CODEGEN_MODULE, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return undefined;
  return (await import(url.href)) as CodegenModule;
}

/** The version of the QEMU the runner starts (the exec log's format and the UART models depend on it). */
function qemuVersion(): string {
  const probe = spawnSync('qemu-system-arm', ['--version'], { encoding: 'utf8' });
  return parseQemuVersion(probe.stdout ?? '') ?? '(version unknown)';
}

function log(message: string): void {
  console.log(`bench: ${message}`);
}

/** Takes the measurements of `options.keys`. */
export async function runBenchmarks(options: RunOptions): Promise<BenchResults> {
  const wanted = new Set<BenchKey>(options.keys);
  const samples = options.samples;
  const qemu = qemuVersion();
  const results: BenchResults = {
    basis:
      `bytes from the GNU ld map and from gcc -fstack-usage; instructions under QEMU ${qemu} -icount shift=0, ` +
      'counted in QEMU’s per-instruction execution log',
    mode: options.quick ? 'quick' : 'full',
    samplesPerKey: samples,
    notMeasured: [],
  };
  // A measurement that fails is reported (results.failed, the report, the exit code) and the others
  // still run.
  const step = async (key: string, work: () => Promise<void>): Promise<void> => {
    const started = Date.now();
    try {
      await work();
      log(`${key} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.failed = { ...results.failed, [key]: message };
      console.error(`bench: ${key} failed: ${message}`);
    }
  };
  if (wanted.has('footprint'))
    await step('footprint', async () => void (results.footprint = await measureFootprint()));
  if (wanted.has('stack')) {
    await step('stack', async () => {
      const { depth, ...stackDetail } = await measureStack();
      results.stack = depth;
      results.stackDetail = stackDetail;
    });
  }
  if (wanted.has('hypercall_null')) {
    await step('hypercall_null', async () => {
      const { latency, ...detail } = await measureHypercallNull();
      results.hypercall_null = latency;
      results.hypercallNullDetail = detail;
    });
  }
  let headlineSwitch: SwitchRun | undefined;
  if (wanted.has('vm_switch') || wanted.has('scaling')) {
    await step('vm_switch', async () => {
      headlineSwitch = await measureVmSwitch(samples);
    });
    if (wanted.has('vm_switch')) {
      results.vm_switch = headlineSwitch!.vmSwitch;
      results.vmSwitchDetail = {
        guestRegions: headlineSwitch!.guestRegions,
        regionLoads: headlineSwitch!.regionLoads,
        medianBreakdown: headlineSwitch!.medianBreakdown,
        medianFunctions: headlineSwitch!.medianFunctions,
      };
    }
  }
  if (wanted.has('virq_latency')) {
    await step('virq_latency', async () => {
      const { latency, detail } = await measureVirqLatency(samples);
      results.virq_latency = latency;
      results.virqLatencyDetail = detail;
    });
  }
  let ports: Partial<PortLatencies> | undefined;
  const portKeys = PORT_OPERATIONS.filter((op) => wanted.has(op));
  if (portKeys.length > 0) {
    await step(portKeys.join(', '), async () => {
      const run = await measurePorts(MESSAGE_SIZES, samples, portKeys);
      ports = run.latencies;
      for (const op of portKeys) results[op] = run.latencies[op];
      results.portsDetail = {
        smallestSizeBreakdown: run.smallestSizeBreakdown,
        smallestSizeFunctions: run.smallestSizeFunctions,
      };
    });
  }
  if (wanted.has('vcan_send')) {
    await step('vcan_send', async () => {
      const { toLastByte, ...detail } = await measureVcanSend(samples);
      results.vcan_send = toLastByte;
      results.vcanSendDetail = detail;
    });
  }
  if (wanted.has('masked_paths')) {
    // A fixed workload (every hypercall, restarts): the sample count does not apply.
    await step('masked_paths', async () => {
      const { result, detail } = await measureMaskedPaths();
      results.masked_paths = result;
      results.maskedPathsDetail = detail;
    });
  }
  if (wanted.has('codegen')) {
    const codegen = await loadCodegen();
    if (codegen === undefined) log(`codegen: ${CODEGEN_MODULE} is not there, not measured`);
    else
      await step(
        'codegen',
        async () => void (results.codegen = await codegen.measureCodegen({ quick: options.quick })),
      );
  }
  if (wanted.has('scaling') && headlineSwitch !== undefined) {
    await step('scaling', async () => {
      const plan = options.quick ? quickScaling(samples) : FULL_SCALING;
      results.scaling = await measureScaling(plan, headlineSwitch!, options.quick ? ports : undefined);
    });
  }
  const boardKeys = new Set<string>(BOARD_KEYS.filter((key) => wanted.has(key)));
  const boards = options.boards ?? EXTRA_BOARDS;
  if (boardKeys.size > 0 && boards.length > 0) {
    results.setup = boardSetup(DEFAULT_BENCH_BOARD, qemu);
    results.comparedBoards = [...boards];
    results.boards = {};
    for (const board of boards) {
      results.boards[board] = await measureBoard(board, boardKeys, samples, qemu, step);
    }
  }
  const record = results as unknown as Record<string, unknown>;
  results.notMeasured = ALL_KEYS.filter((key) => record[key] === undefined);
  return results;
}

const USAGE =
  'usage: bench [--only <key,...>] [--quick] [--samples <n>] [--boards <board,...|none>] [--json <file>] [--report <file> | --no-report]';

/** The boards of `--boards` (`none`: realview-eb alone). */
function parseBoards(text: string): BenchBoard[] {
  if (text === 'none') return [];
  const boards = text.split(',').filter((b) => b !== '');
  for (const board of boards) {
    if (!(EXTRA_BOARDS as readonly string[]).includes(board)) {
      throw new Error(
        `--boards: '${board}' is not a board measured beside realview-eb (${EXTRA_BOARDS.join(', ')})`,
      );
    }
  }
  return boards as BenchBoard[];
}

function parseKeys(text: string): BenchKey[] {
  const keys = text.split(',').filter((k) => k !== '');
  for (const key of keys) {
    if (!(ALL_KEYS as readonly string[]).includes(key)) {
      throw new Error(`--only: unknown key '${key}' (keys: ${ALL_KEYS.join(', ')})`);
    }
  }
  return keys as BenchKey[];
}

export async function main(args: string[]): Promise<number> {
  let jsonFile: string | undefined;
  let reportFile: string | undefined;
  let noReport = false;
  let keys: BenchKey[] = [...ALL_KEYS];
  let quick = false;
  let samples: number | undefined;
  let boards: BenchBoard[] = [...EXTRA_BOARDS];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg === '--json' && value !== undefined) jsonFile = resolve(args[++i]);
    else if (arg === '--report' && value !== undefined) reportFile = resolve(args[++i]);
    else if (arg === '--no-report') noReport = true;
    else if (arg === '--quick') quick = true;
    else if (arg === '--only' && value !== undefined) {
      try {
        keys = parseKeys(args[++i]);
      } catch (error) {
        console.error(`bench: ${(error as Error).message}`);
        return 2;
      }
    } else if (arg === '--boards' && value !== undefined) {
      try {
        boards = parseBoards(args[++i]);
      } catch (error) {
        console.error(`bench: ${(error as Error).message}`);
        return 2;
      }
    } else if (arg === '--samples' && value !== undefined) {
      samples = Number(args[++i]);
      if (!Number.isInteger(samples) || samples < 1) {
        console.error(`bench: --samples: '${value}' is not a positive integer`);
        return 2;
      }
    } else {
      console.error(`bench: unknown argument '${arg}' (${USAGE})`);
      return 2;
    }
  }
  const defaults = defaultOutputs(quick);
  jsonFile ??= defaults.json;
  if (!noReport) reportFile ??= defaults.report;
  else reportFile = undefined;
  const perKey = samples ?? (quick ? QUICK_SAMPLES : FULL_SAMPLES);
  const results = await runBenchmarks({ keys, quick, samples: perKey, boards });
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${jsonFile}`);
  if (reportFile !== undefined) {
    const codegen = results.codegen === undefined ? undefined : await loadCodegen();
    mkdirSync(dirname(reportFile), { recursive: true });
    // Formatted as the repository's prettier configuration would, so `npm run format:check` stays clean.
    const options = (await resolveConfig(reportFile)) ?? {};
    const markdown = renderReport(results, codegen?.renderCodegenSection);
    writeFileSync(reportFile, await format(markdown, { ...options, parser: 'markdown' }));
    log(`wrote ${reportFile}`);
  }
  const problems = [
    ...resultProblems(results, perKey),
    ...Object.entries(results.failed ?? {}).map(([key, message]) => `${key}: failed: ${message}`),
  ];
  if (problems.length > 0) {
    console.error(`bench: the results are not sound:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
