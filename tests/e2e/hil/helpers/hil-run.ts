// Job: boot the demo system (systems/demo.ts, optionally with test guests in some VMs' places) in QEMU
// under `-icount shift=0,sleep=off` with the host vehicle model (qemu/vehicle/host-peer.ts) serving
// UART2 in lock-step, and run it for a given number of model steps (one step per actuator frame, i.e.
// per control period of virtual time, never wall time). QEMU starts with its CPU stopped (-S) and is
// resumed only once the peer is connected, so the guest's first actuator frame can never be sent
// before anyone listens (QEMU drops UART output without a client): by default through its gdb stub,
// which then keeps the link in lock-step (qemu/vehicle/lockstep.ts: virtual time stands still while a
// reply is outstanding); with `lockstep: false` through its human monitor, the machine then running
// freely (a reply that takes the host too long is a missed period).
// Optionally captures UART3 (the trace stream) to a file from the first byte and returns its parsed
// records. Images are built once per process, guest set and board, so the HIL test files share them; a
// board other than realview-eb runs the demo moved to it (`bulkhead build --board`).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { buildHypervisorSystem, type BuiltSystem } from '../../../../cli/build/system.ts';
import { parseTrace, type TraceRecord } from '../../../../firmware/sim/trace-lines.ts';
import { pickFreePorts } from '../../../../qemu/runner/free-ports.ts';
import { launch, monitorArguments, repoRoot, resumeThroughMonitor } from '../../../../qemu/runner/index.ts';
import { connectHilPeer, type HilPeerOptions, type TraceSample } from '../../../../qemu/vehicle/host-peer.ts';
import { lockstepTargets, LockstepLink, type LockstepCounts } from '../../../../qemu/vehicle/lockstep.ts';

export const DEMO_SYSTEM = join(repoRoot, 'systems', 'demo.ts');
const OUT_ROOT = join(repoRoot, 'out', 'e2e', 'hil');
/** Wall-clock bound of one run, only to catch a hang: in lock-step a slow host costs time, never a period
 *  (a few hundred control periods per wall second on an idle host, some tens on a busy one). */
const WALL_LIMIT_MS = 300_000;
const POLL_MS = 20;

const builds = new Map<string, Promise<BuiltSystem>>();

/** The board of the demo's own description. */
export const DEMO_BOARD = 'realview-eb';

/** The demo image with `guests` overrides (VM name → folder below guests/) for `board`, built once per
 *  process. */
export function demoImage(guests: Record<string, string> = {}, board = DEMO_BOARD): Promise<BuiltSystem> {
  const key = JSON.stringify([guests, board]);
  let built = builds.get(key);
  if (built === undefined) {
    const variant =
      Object.keys(guests).length === 0
        ? 'plain'
        : Object.values(guests)
            .map((g) => g.split('/').pop())
            .join('-');
    built = buildHypervisorSystem(DEMO_SYSTEM, { outRoot: join(OUT_ROOT, variant), guests, board });
    builds.set(key, built);
  }
  return built;
}

export interface HilRunOptions {
  image: BuiltSystem;
  /** The board the image is built for (default realview-eb). */
  board?: string;
  /** Model steps (actuator frames served) to run. */
  steps: number;
  peer?: HilPeerOptions;
  /** Capture UART3 to this file name (inside the image's folder) and parse it. */
  traceFileName?: string;
  /** Hold the machine while a reply is outstanding (default true); false lets it run freely. */
  lockstep?: boolean;
}

export interface HilRun {
  /** The peer's speed trace, exactly `steps` samples. */
  trace: TraceSample[];
  console: string;
  /** Trace records of the complete ticks before the last one seen (empty without a trace file). */
  records: TraceRecord[];
  /** Ticks covered by `records` (0 .. ticks-1). */
  ticks: number;
  wallMs: number;
  /** The lock-step host's stop counts (null for a free-running run). */
  lockstep: LockstepCounts | null;
}

/** Runs the demo image with the vehicle model on UART2 until the model has made `steps` steps. */
export async function runHil(options: HilRunOptions): Promise<HilRun> {
  const traceFile =
    options.traceFileName === undefined ? undefined : join(options.image.dir, options.traceFileName);
  if (traceFile !== undefined) {
    mkdirSync(options.image.dir, { recursive: true });
    rmSync(traceFile, { force: true });
  }
  const started = Date.now();
  const board = options.board ?? DEMO_BOARD;
  const lockstep = options.lockstep ?? true;
  const control = options.image.guests.find((g) => g.vm === 'control');
  if (lockstep && control === undefined) throw new Error('the image has no control VM to hold in lock-step');
  const targets = lockstep ? lockstepTargets(control!.elf, board) : null;
  const [monitorPort] = lockstep ? [0] : await pickFreePorts(1);
  const vm = await launch({
    elf: options.image.elf,
    board,
    icount: { shift: 0, sleep: false },
    timeoutMs: WALL_LIMIT_MS + 10_000,
    // The gdb stub starts QEMU halted (-S) by itself; its attach notice is not wanted here.
    ...(lockstep
      ? { gdb: true, log: () => undefined }
      : { extraArgs: ['-S', ...monitorArguments(monitorPort)] }),
    ...(traceFile === undefined ? {} : { uartFiles: { uart3: traceFile } }),
  });
  const uart2 = vm.ports.uart2;
  if (uart2 === undefined) {
    await vm.kill();
    throw new Error('QEMU has no TCP port for uart2 (the HIL link)');
  }
  const hil = await connectHilPeer(uart2, options.peer ?? {});
  let link: LockstepLink | null = null;
  const failure: { error: Error | null } = { error: null };
  try {
    if (targets !== null) {
      link = await LockstepLink.start(vm.gdb!.port, uart2, hil, targets);
      link.finished.catch((error: Error) => (failure.error = error));
    } else {
      await resumeThroughMonitor(monitorPort);
    }
    while (hil.peer.trace.length < options.steps) {
      if (failure.error !== null) throw failure.error;
      if (vm.exited)
        throw new Error(`QEMU exited after ${hil.peer.trace.length} steps: ${vm.stderr()}\n${vm.output()}`);
      if (Date.now() - started > WALL_LIMIT_MS) {
        throw new Error(
          `only ${hil.peer.trace.length} of ${options.steps} steps in ${WALL_LIMIT_MS} ms:\n${vm.output()}`,
        );
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    link?.close();
    hil.close();
    await vm.kill();
  }
  const wallMs = Date.now() - started;
  const console = vm.output();
  let records: TraceRecord[] = [];
  let ticks = 0;
  if (traceFile !== undefined) {
    const text = existsSync(traceFile) ? readFileSync(traceFile, 'latin1') : '';
    const all = parseTrace(text.slice(0, text.lastIndexOf('\n') + 1));
    ticks = all.length === 0 ? 0 : all[all.length - 1].tick;
    records = all.filter((r) => r.tick < ticks);
  }
  return {
    trace: hil.peer.trace.slice(0, options.steps),
    console,
    records,
    ticks,
    wallMs,
    lockstep: link === null ? null : { ...link.counts },
  };
}

/** The HIL scenario of the closed-loop and determinism tests: the demo's 0 → 100 km/h step from
 *  standstill (its start-up set-point), then, once settled, a sensor dropout. */
export const SCENARIO = {
  /** Model steps the scenario runs: the dropout, the timeout fault and the recovery (100 accepted
   *  samples after the dropout) all fall inside. */
  steps: 1330,
  /** The dropout: no reply to the actuator frames of steps atStep .. atStep + periods - 1. */
  dropout: { atStep: 1200, periods: 5 },
} as const;

const scenarios = new Map<string, Promise<HilRun>>();
let scenarioRuns = 0;

/** One run of SCENARIO on the plain demo image for `board`, shared by the test files of this folder. */
export function scenarioRun(board = DEMO_BOARD): Promise<HilRun> {
  let run = scenarios.get(board);
  if (run === undefined) {
    run = freshScenarioRun(board);
    scenarios.set(board, run);
  }
  return run;
}

/** A new, independent run of SCENARIO (new QEMU, new vehicle model), with its trace stream. */
export async function freshScenarioRun(board = DEMO_BOARD): Promise<HilRun> {
  scenarioRuns++;
  return runHil({
    image: await demoImage({}, board),
    board,
    steps: SCENARIO.steps,
    peer: { dropouts: [{ ...SCENARIO.dropout }] },
    traceFileName: `uart3-scenario-${scenarioRuns}.txt`,
  });
}
