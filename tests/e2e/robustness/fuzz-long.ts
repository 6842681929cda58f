// Long hypercall-fuzzing campaign: `npm run fuzz:hypercalls -- --calls N --seed S --board B` (defaults
// 1,000,000 calls, seed 1, board realview-eb; N may be millions; B realview-eb or mps3-an536). Builds the
// board's fuzz system (systems/test-fuzz.ts, test-fuzz-an536.ts) for that seed and count, runs it in
// QEMU (icount) until the fuzzer is done, printing its progress, then checks what fuzzer.test.ts
// checks: all calls made, invariant reports and no failed invariant, `ping` on its plan boundary in
// every frame, every writer message received in order. A run that stops (the system falls silent,
// QEMU exits, the wall-clock limit passes) is a problem too. Records the campaign with
// recordReliability (suite `hc-fuzzer-long`, `hc-fuzzer-long-an536` on mps3-an536). Exit status 0 when
// everything held, 1 when something did not, 2 for bad arguments.
import { recordReliability } from '../../reliability/record.ts';
import {
  FUZZ_TARGETS,
  FuzzRunStopped,
  runFuzzCampaign,
  type FuzzBoard,
  type FuzzRun,
} from './helpers/hostile-fuzz-run.ts';

const BOARDS = Object.keys(FUZZ_TARGETS) as FuzzBoard[];
const USAGE =
  `usage: fuzz-long.ts [--calls N] [--seed S] [--board ${BOARDS.join('|')}]   ` +
  '(N ≥ 1; S a 32-bit number, decimal or 0x hex)';
/** Calls the fuzzer makes per 10-tick frame (measured: about 10,600), rounded down. */
const CALLS_PER_FRAME = 10_000;
/** Wall time QEMU needs per call here (measured: about 30 µs), with margin. */
const WALL_MS_PER_CALL = 0.2;
const MINIMUM_WALL_MS = 60_000;

interface Campaign {
  calls: number;
  seed: number;
  board: FuzzBoard;
}

function parseArguments(argv: string[]): Campaign {
  let calls = 1_000_000;
  let seed = 1;
  let board: FuzzBoard = 'realview-eb';
  const pairs = argv;
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i];
    const value = pairs[i + 1];
    if (value === undefined) throw new Error(`${name}: missing value. ${USAGE}`);
    const number = Number(value);
    if (name === '--calls') {
      if (!Number.isInteger(number) || number < 1 || number > 0xffffffff)
        throw new Error(`--calls ${value}: not a whole number of calls ≥ 1. ${USAGE}`);
      calls = number;
    } else if (name === '--seed') {
      if (!Number.isInteger(number) || number < 0 || number > 0xffffffff)
        throw new Error(`--seed ${value}: not a 32-bit number. ${USAGE}`);
      seed = number;
    } else if (name === '--board') {
      if (!(BOARDS as string[]).includes(value)) throw new Error(`--board ${value}: not a board. ${USAGE}`);
      board = value as FuzzBoard;
    } else {
      throw new Error(`unknown option '${name}'. ${USAGE}`);
    }
  }
  return { calls, seed, board };
}

/** What did not hold in `run` (empty: everything did). */
function problemsOf(run: FuzzRun, campaign: Campaign, portMessages: number): string[] {
  const { calls, seed } = campaign;
  const plan = FUZZ_TARGETS[campaign.board].plans[0];
  const frame = plan.majorFrame;
  const pingSlotStart = plan.slots.find((s) => s.vm === 'ping')!.start;
  const problems: string[] = [];
  if (run.done === undefined || run.done.calls !== calls || run.done.seed !== seed)
    problems.push(`fuzzer not done with ${calls} calls, seed ${seed}: ${JSON.stringify(run.done)}`);
  const failed = [...run.console.matchAll(/^hv: invariants? .*(failed|FAILED).*$/gm)].map((m) => m[0]);
  if (failed.length > 0) problems.push(`invariants: ${failed.join(' | ')}`);
  if (/^bsp: unhandled/m.test(run.console)) problems.push('the hypervisor stopped on an unhandled exception');
  if (!/^hv: invariants ok \d+$/m.test(run.console)) problems.push('no invariant report');
  const pings = [...run.console.matchAll(/^\[ping\] ping (\d+) tick (\d+)$/gm)];
  pings.forEach((m, i) => {
    if (Number(m[1]) !== i || Number(m[2]) !== i * frame + pingSlotStart)
      problems.push(`ping line ${i}: '${m[0]}' (expected tick ${i * frame + pingSlotStart})`);
  });
  const got = [...run.console.matchAll(/^\[reader\] reader: got (\d+)$/gm)].map((m) => Number(m[1]));
  if (got.length !== portMessages || got.some((n, i) => n !== i))
    problems.push(`reader got ${got.length} of ${portMessages} messages, not all in order`);
  if (!new RegExp(`^\\[reader\\] reader: done ${portMessages} lost 0 bad 0$`, 'm').test(run.console))
    problems.push('reader did not finish with 0 lost and 0 bad');
  return problems.slice(0, 20);
}

/** Records the campaign (suite per board) and prints where. */
function record(campaign: Campaign, count: number, outcome: string, failures: number, lost: number): void {
  const an536 = campaign.board === 'mps3-an536';
  const file = recordReliability({
    suite: an536 ? 'hc-fuzzer-long-an536' : 'hc-fuzzer-long',
    title: `Hypercall fuzzer, long campaign (QEMU${an536 ? ' mps3-an536, Cortex-R52' : ''}, icount)`,
    entries: [
      {
        category: 'fuzz',
        name: `random hypercalls, seed 0x${campaign.seed.toString(16)}`,
        count,
        outcome,
        hypervisorFailures: failures,
        lostMessages: lost,
      },
    ],
  });
  process.stdout.write(`recorded in ${file}\n`);
}

async function main(): Promise<number> {
  let campaign: Campaign;
  try {
    campaign = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const { calls, seed, board } = campaign;
  const portMessages = Math.max(30, 3 * Math.floor(calls / CALLS_PER_FRAME / 2));
  const progressEvery = Math.max(1, Math.min(100_000, Math.floor(calls / 10)));
  process.stdout.write(`hypercall fuzzing on ${board}: ${calls} calls, seed 0x${seed.toString(16)}\n`);
  let run: FuzzRun;
  try {
    run = await runFuzzCampaign({
      board,
      seed,
      calls,
      progressEvery,
      portMessages,
      wallLimitMs: Math.max(MINIMUM_WALL_MS, calls * WALL_MS_PER_CALL),
      onProgress: (p) =>
        process.stdout.write(
          `  ${p.calls} calls, tick ${p.tick}, ${p.restarts} restarts, ${p.upcalls} upcalls\n`,
        ),
    });
  } catch (error) {
    if (!(error instanceof FuzzRunStopped)) throw error;
    const first = error.message.split('\n')[0];
    record(campaign, 0, `did not complete: ${first}`, 1, 0);
    process.stdout.write(`PROBLEM: ${error.message}\n`);
    return 1;
  }
  const problems = problemsOf(run, campaign, portMessages);
  process.stdout.write(
    `done: ${run.done?.calls ?? 0} calls in ${run.done?.tick ?? '?'} ticks (${(run.wallMs / 1000).toFixed(1)} s wall), ` +
      `results ${run.results.join(' ')}, unreturned ${run.unreturned}, health restarts ${run.healthRestarts}\n`,
  );
  record(
    campaign,
    run.done?.calls ?? 0,
    problems.length === 0
      ? `${calls} calls in ${run.done.tick} ticks; invariants held; neighbours kept every slot and message`
      : `problems: ${problems.join('; ')}`,
    problems.filter((p) => /invariant|unhandled/.test(p)).length,
    portMessages - [...run.console.matchAll(/^\[reader\] reader: got \d+$/gm)].length,
  );
  for (const problem of problems) process.stdout.write(`PROBLEM: ${problem}\n`);
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = await main();
