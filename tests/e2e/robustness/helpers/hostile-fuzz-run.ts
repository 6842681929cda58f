// Job: build the hypercall fuzzer's system for a board (systems/test-fuzz.ts on realview-eb,
// systems/test-fuzz-an536.ts on mps3-an536: FUZZ_TARGETS) with a seed and a call count and boot it in
// QEMU (-icount shift=0,sleep=off) with the fuzzer's console (UART2) and the hypervisor console (UART0:
// the neighbours' lines and the hypervisor's) captured to files; wait until the
// fuzzer prints its `done` line and the neighbours have run `afterTicks` more ticks (their `ping` line
// shows the tick), then return both consoles and the fuzzer's progress. Used by fuzzer-suite.ts (the
// suites fuzzer.test.ts and fuzzer-an536.test.ts) and by the long campaign script fuzz-long.ts, which
// passes `onProgress` to follow it. UART0 goes to a file, not through QEMU's stdout, because a stdout
// pipe that Node reads late pushes back and mps3-an536's CMSDK UART model then holds its transmit
// buffer full while icount time runs on: the neighbours' lines would wait for the host, whole frames
// late (qemu/README.md, `consoleFile`).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { buildHypervisorSystemFrom, type BuiltSystem } from '../../../../cli/build/system.ts';
import type { SystemDescription } from '../../../../firmware/config/types.ts';
import { launch, repoRoot } from '../../../../qemu/runner/index.ts';
import testFuzzAn536 from '../../../../systems/test-fuzz-an536.ts';
import testFuzz from '../../../../systems/test-fuzz.ts';

const OUT_ROOT = join(repoRoot, 'out', 'e2e', 'robustness');
const POLL_MS = 50;
/** Wall time with no byte on either console after which the run is declared stopped: the fuzzer prints
 *  progress and the neighbours print every frame, so silence this long means the system stopped. */
const SILENCE_LIMIT_MS = 15_000;

/** The campaign did not complete on QEMU: QEMU exited, the system fell silent (a hang) or the wall-clock
 *  limit passed. (A build error is not one.) */
export class FuzzRunStopped extends Error {}

/** The fuzzer's system per board. */
export const FUZZ_TARGETS = {
  'realview-eb': testFuzz,
  'mps3-an536': testFuzzAn536,
} as const satisfies Record<string, SystemDescription>;

export type FuzzBoard = keyof typeof FUZZ_TARGETS;

export interface FuzzProgress {
  seed: number;
  calls: number;
  restarts: number;
  upcalls: number;
  tick: number;
}

export interface FuzzRun {
  image: BuiltSystem;
  /** UART0: the neighbours' lines and the hypervisor's. */
  console: string;
  /** UART2: the fuzzer's console (progress lines among the random bytes it writes). */
  fuzzConsole: string;
  progress: FuzzProgress[];
  done: FuzzProgress;
  /** Results per code: index = result code (16 = BadArgument), the last = any other r0. */
  results: number[];
  /** Calls that restarted the fuzzer instead of returning (VmRestart of itself, a fault). */
  unreturned: number;
  /** Restarts the health monitor made (faults of the fuzzer itself). */
  healthRestarts: number;
  wallMs: number;
}

export interface FuzzRunOptions {
  /** The board whose fuzz system runs (default realview-eb). */
  board?: FuzzBoard;
  seed: number;
  calls: number;
  progressEvery?: number;
  /** Messages the neighbour writer sends to the reader (the guests' PORT_MESSAGE_COUNT; default 60). */
  portMessages?: number;
  /** Ticks the run goes on after the fuzzer is done (default 100). */
  afterTicks?: number;
  /** Wall-clock limit, ms (default 100 s). */
  wallLimitMs?: number;
  /** Wall time both consoles may stay silent before the run is declared stopped (default 15 s). */
  silenceLimitMs?: number;
  onProgress?: (progress: FuzzProgress) => void;
  /** Capture the trace stream (UART3) to this file name in the image folder. */
  traceFileName?: string;
  /** An image built before for the same seed, call count and options (skips the build). */
  image?: BuiltSystem;
  /** File name of the fuzzer's console capture in the image folder (default `uart2-fuzz.txt`); the
   *  hypervisor console's goes beside it (`<name>.uart0.txt`). */
  consoleFileName?: string;
}

const PROGRESS = /fuzz: (done )?seed 0x([0-9a-f]{8}) calls (\d+) restarts (\d+) upcalls (\d+) tick (\d+)\n/g;

function parseProgress(text: string): { progress: FuzzProgress[]; done: FuzzProgress | undefined } {
  const progress: FuzzProgress[] = [];
  let done: FuzzProgress | undefined;
  for (const m of text.matchAll(PROGRESS)) {
    const p = {
      seed: parseInt(m[2], 16),
      calls: Number(m[3]),
      restarts: Number(m[4]),
      upcalls: Number(m[5]),
      tick: Number(m[6]),
    };
    if (m[1] === undefined) progress.push(p);
    else done = p;
  }
  return { progress, done };
}

/** A capture file's text so far ('' before QEMU has created it), line ends as the runner gives them. */
function readCapture(file: string): string {
  return existsSync(file) ? readFileSync(file, 'latin1').replace(/\r\n/g, '\n') : '';
}

function lastPingTick(console: string): number {
  const all = [...console.matchAll(/^\[ping\] ping \d+ tick (\d+)$/gm)];
  return all.length === 0 ? -1 : Number(all[all.length - 1][1]);
}

/** What the fuzz image is built for. */
export interface FuzzImageOptions {
  board: FuzzBoard;
  seed: number;
  calls: number;
  progressEvery: number;
  portMessages: number;
}

/** The fuzz image of a board for one seed and call count (built into its own folder). */
export function buildFuzzImage(options: FuzzImageOptions): Promise<BuiltSystem> {
  const { seed, calls, portMessages } = options;
  const messages = { PORT_MESSAGE_COUNT: `${portMessages}u` };
  return buildHypervisorSystemFrom(FUZZ_TARGETS[options.board], {
    outRoot: join(OUT_ROOT, `fuzz-${(seed >>> 0).toString(16)}-${calls}`),
    guestDefines: {
      fuzz: {
        FUZZ_SEED: `${seed >>> 0}u`,
        FUZZ_CALLS: `${calls}u`,
        FUZZ_PROGRESS_EVERY: `${options.progressEvery}u`,
      },
      writer: messages,
      reader: messages,
    },
  });
}

export async function runFuzzCampaign(options: FuzzRunOptions): Promise<FuzzRun> {
  const board = options.board ?? 'realview-eb';
  const progressEvery = options.progressEvery ?? 10_000;
  const afterTicks = options.afterTicks ?? 100;
  const wallLimitMs = options.wallLimitMs ?? 100_000;
  const image =
    options.image ??
    (await buildFuzzImage({
      board,
      seed: options.seed,
      calls: options.calls,
      progressEvery,
      portMessages: options.portMessages ?? 60,
    }));
  const fuzzFileName = options.consoleFileName ?? 'uart2-fuzz.txt';
  const fuzzFile = join(image.dir, fuzzFileName);
  const consoleFile = join(image.dir, `${fuzzFileName.replace(/\.txt$/, '')}.uart0.txt`);
  mkdirSync(image.dir, { recursive: true });
  rmSync(fuzzFile, { force: true });
  rmSync(consoleFile, { force: true });
  const started = Date.now();
  const vm = await launch({
    elf: image.elf,
    board: FUZZ_TARGETS[board].board,
    icount: { shift: 0, sleep: false },
    timeoutMs: wallLimitMs + 10_000,
    consoleFile,
    uartFiles:
      options.traceFileName === undefined
        ? { uart2: fuzzFile }
        : { uart2: fuzzFile, uart3: join(image.dir, options.traceFileName) },
  });
  let fuzzText = '';
  let reported = 0;
  let heard = { bytes: 0, at: Date.now() };
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (vm.exited)
        throw new FuzzRunStopped(`QEMU exited: ${vm.stderr()}\nconsole:\n${readCapture(consoleFile)}`);
      fuzzText = readCapture(fuzzFile);
      const consoleText = readCapture(consoleFile);
      if (fuzzText.length + consoleText.length !== heard.bytes)
        heard = { bytes: fuzzText.length + consoleText.length, at: Date.now() };
      const { progress, done } = parseProgress(fuzzText);
      for (; reported < progress.length; reported++) options.onProgress?.(progress[reported]);
      if (done !== undefined && lastPingTick(consoleText) >= done.tick + afterTicks) break;
      const silentMs = Date.now() - heard.at;
      if (silentMs > (options.silenceLimitMs ?? SILENCE_LIMIT_MS)) {
        throw new FuzzRunStopped(
          `the system stopped: no byte on the hypervisor console or the fuzzer's for ${silentMs} ms ` +
            `(last fuzzer progress: ${JSON.stringify(progress.at(-1))}); console:\n${consoleText.slice(-2000)}`,
        );
      }
      if (Date.now() - started > wallLimitMs) {
        const last = progress.at(-1);
        throw new FuzzRunStopped(
          `the fuzzer did not finish ${options.calls} calls within ${wallLimitMs} ms (last progress: ${JSON.stringify(last)}); console:\n${consoleText.slice(-2000)}`,
        );
      }
    }
  } finally {
    await vm.kill();
  }
  fuzzText = readCapture(fuzzFile);
  const { progress, done } = parseProgress(fuzzText);
  const results = /fuzz: results((?: \d+=\d+)+) unreturned=(\d+) health-restarts=(\d+)\n/.exec(fuzzText);
  return {
    image,
    console: readCapture(consoleFile),
    fuzzConsole: fuzzText,
    progress,
    done: done!,
    results:
      results === null
        ? []
        : results[1]
            .trim()
            .split(' ')
            .map((pair) => Number(pair.split('=')[1])),
    unreturned: results === null ? -1 : Number(results[2]),
    healthRestarts: results === null ? -1 : Number(results[3]),
    wallMs: Date.now() - started,
  };
}
