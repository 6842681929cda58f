// Job: helpers of the host tests of the control guest's portable C code: compile it
// (guests/control/{control_app,controller,sensor_monitor,hil_link}.c) with the host gcc into a harness
// program (tests/guests/control/harness/*.c), run the closed-loop harness against the TypeScript vehicle model
// (qemu/vehicle/host-peer.ts) over its stdin/stdout, and measure the step response.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cFlags } from '../../../../cli/build/toolchain.ts';
import { HilPeer, type HilPeerOptions, type TraceSample } from '../../../../qemu/vehicle/host-peer.ts';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const controlDir = join(repo, 'guests/control');
export const portableSources = ['control_app.c', 'controller.c', 'sensor_monitor.c', 'hil_link.c'].map((f) =>
  join(controlDir, f),
);
const harnessDir = join(repo, 'tests/guests/control/harness');
/**
 * Target C flags (cli/build/toolchain.ts) the host build leaves out: freestanding and no C library
 * (the harness is a hosted program), debug info and per-function/data sections (link-time concerns
 * of the image), and the prototype warnings, which the target build of the same guest sources
 * already enforces.
 */
const TARGET_ONLY_C_FLAGS = new Set([
  '-ffreestanding',
  '-nostdlib',
  '-g',
  '-Wstrict-prototypes',
  '-Wmissing-prototypes',
  '-ffunction-sections',
  '-fdata-sections',
]);
/** The target's language standard, optimisation level and warnings (as errors), plus no
 *  floating-point contraction: the host rounds every multiply and add separately. */
export const hostCFlags = [...cFlags.filter((flag) => !TARGET_ONLY_C_FLAGS.has(flag)), '-ffp-contract=off'];

/** Builds a harness program (`tests/guests/control/harness/<name>.c` plus the guest's portable sources)
 *  with host gcc into out/tests/guests/control/ and returns its path. */
export function buildHostProgram(name: 'closed_loop_harness' | 'link_probe'): string {
  const outDir = join(repo, 'out/tests/guests/control');
  mkdirSync(outDir, { recursive: true });
  const exe = join(outDir, name);
  const source = join(harnessDir, `${name}.c`);
  const result = spawnSync('gcc', [...hostCFlags, '-I', controlDir, '-o', exe, source, ...portableSources], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`host gcc failed to build ${name}:\n${result.stderr}`);
  return exe;
}

/** Builds the closed-loop harness. */
export function buildHarness(): string {
  return buildHostProgram('closed_loop_harness');
}

export interface HarnessFault {
  code: number;
  period: number;
  valueCounts: number;
}

export interface ClosedLoopRun {
  trace: TraceSample[];
  traceText: string;
  faults: HarnessFault[];
  statusLines: string[];
  peer: HilPeer;
}

/** Runs the harness for `periods` control periods against a HilPeer configured by `options`. */
export function runClosedLoop(
  exe: string,
  periods: number,
  options: HilPeerOptions = {},
  riseRateMs2?: number,
): Promise<ClosedLoopRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      exe,
      riseRateMs2 === undefined ? [String(periods)] : [String(periods), String(riseRateMs2)],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const peer = new HilPeer({ ...options, sendPeriodEnd: true }, (bytes) => child.stdin.write(bytes));
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => peer.receive(new Uint8Array(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.on('error', () => {}); // the harness may exit while a last reply is in flight
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`closed-loop harness exited with ${code}:\n${stderr.slice(-2000)}`));
        return;
      }
      const lines = stderr.split('\n').filter((l) => l.length > 0);
      const faults = lines
        .map((l) => /^fault code=(\d+) period=(\d+) value=(\d+)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ code: Number(m[1]), period: Number(m[2]), valueCounts: Number(m[3]) }));
      resolvePromise({
        trace: peer.trace,
        traceText: peer.traceText(),
        faults,
        statusLines: lines.filter((l) => l.startsWith('status ')),
        peer,
      });
    });
  });
}

export interface StepMetrics {
  peakKmh: number;
  overshootPercent: number;
  /** First time (s) after which the speed stays within ±band of the target, or null. */
  settlingTimeS: number | null;
  finalKmh: number;
}

/** Step-response figures of a trace sampled every `periodS`. */
export function stepMetrics(
  trace: TraceSample[],
  targetKmh: number,
  bandKmh: number,
  periodS = 0.01,
): StepMetrics {
  let peak = 0;
  let lastOutside = -1;
  trace.forEach((s, i) => {
    peak = Math.max(peak, s.speedKmh);
    if (Math.abs(s.speedKmh - targetKmh) > bandKmh) lastOutside = i;
  });
  const settled = lastOutside < trace.length - 1 ? (lastOutside + 1) * periodS + periodS : null;
  return {
    peakKmh: peak,
    overshootPercent: (Math.max(0, peak - targetKmh) / targetKmh) * 100,
    settlingTimeS: settled,
    finalKmh: trace[trace.length - 1]?.speedKmh ?? 0,
  };
}
