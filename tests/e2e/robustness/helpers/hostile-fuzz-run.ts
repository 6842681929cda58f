// Job: build systems/test-fuzz.ts with a seed and a call count for the hypercall fuzzer and boot it in
// QEMU (-icount shift=0,sleep=off) with the fuzzer's console (UART2) captured to a file; wait until the
// fuzzer prints its `done` line and the neighbours have run `afterTicks` more ticks (their `ping` line
// shows the tick), then return both consoles and the fuzzer's progress. Used by fuzzer.test.ts and by
// the long campaign script fuzz-long.ts, which passes `onProgress` to follow it.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { buildHypervisorSystemFrom, type BuiltSystem } from '../../../../cli/build/system.ts';
import { launch, repoRoot } from '../../../../qemu/runner/index.ts';
import testFuzz from '../../../../systems/test-fuzz.ts';

const OUT_ROOT = join(repoRoot, 'out', 'e2e', 'robustness');
const POLL_MS = 50;

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
  seed: number;
  calls: number;
  progressEvery?: number;
  /** Messages the neighbour writer sends to the reader (the guests' PORT_MESSAGE_COUNT; default 60). */
  portMessages?: number;
  /** Ticks the run goes on after the fuzzer is done (default 100). */
  afterTicks?: number;
  /** Wall-clock limit, ms (default 100 s). */
  wallLimitMs?: number;
  onProgress?: (progress: FuzzProgress) => void;
  /** Capture the trace stream (UART3) to this file name in the image folder. */
  traceFileName?: string;
  /** An image built before for the same seed, call count and options (skips the build). */
  image?: BuiltSystem;
  /** File name of the fuzzer's console capture in the image folder (default `uart2-fuzz.txt`). */
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

function lastPingTick(console: string): number {
  const all = [...console.matchAll(/^\[ping\] ping \d+ tick (\d+)$/gm)];
  return all.length === 0 ? -1 : Number(all[all.length - 1][1]);
}

/** The fuzz image for one seed and call count (built into its own folder). */
export function buildFuzzImage(
  seed: number,
  calls: number,
  progressEvery: number,
  portMessages: number,
): Promise<BuiltSystem> {
  const messages = { PORT_MESSAGE_COUNT: `${portMessages}u` };
  return buildHypervisorSystemFrom(testFuzz, {
    outRoot: join(OUT_ROOT, `fuzz-${(seed >>> 0).toString(16)}-${calls}`),
    guestDefines: {
      fuzz: {
        FUZZ_SEED: `${seed >>> 0}u`,
        FUZZ_CALLS: `${calls}u`,
        FUZZ_PROGRESS_EVERY: `${progressEvery}u`,
      },
      writer: messages,
      reader: messages,
    },
  });
}

export async function runFuzzCampaign(options: FuzzRunOptions): Promise<FuzzRun> {
  const progressEvery = options.progressEvery ?? 10_000;
  const afterTicks = options.afterTicks ?? 100;
  const wallLimitMs = options.wallLimitMs ?? 100_000;
  const image =
    options.image ??
    (await buildFuzzImage(options.seed, options.calls, progressEvery, options.portMessages ?? 60));
  const fuzzFile = join(image.dir, options.consoleFileName ?? 'uart2-fuzz.txt');
  mkdirSync(image.dir, { recursive: true });
  rmSync(fuzzFile, { force: true });
  const started = Date.now();
  const vm = await launch({
    elf: image.elf,
    icount: { shift: 0, sleep: false },
    timeoutMs: wallLimitMs + 10_000,
    uartFiles:
      options.traceFileName === undefined
        ? { uart2: fuzzFile }
        : { uart2: fuzzFile, uart3: join(image.dir, options.traceFileName) },
  });
  let fuzzText = '';
  let reported = 0;
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (vm.exited) throw new Error(`QEMU exited: ${vm.stderr()}\nconsole:\n${vm.output()}`);
      fuzzText = existsSync(fuzzFile) ? readFileSync(fuzzFile, 'latin1') : '';
      const { progress, done } = parseProgress(fuzzText);
      for (; reported < progress.length; reported++) options.onProgress?.(progress[reported]);
      if (done !== undefined && lastPingTick(vm.output()) >= done.tick + afterTicks) break;
      if (Date.now() - started > wallLimitMs) {
        const last = progress.at(-1);
        throw new Error(
          `the fuzzer did not finish ${options.calls} calls within ${wallLimitMs} ms (last progress: ${JSON.stringify(last)}); console:\n${vm.output().slice(-2000)}`,
        );
      }
    }
  } finally {
    await vm.kill();
  }
  fuzzText = readFileSync(fuzzFile, 'latin1');
  const { progress, done } = parseProgress(fuzzText);
  const results = /fuzz: results((?: \d+=\d+)+) unreturned=(\d+) health-restarts=(\d+)\n/.exec(fuzzText);
  return {
    image,
    console: vm.output(),
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
