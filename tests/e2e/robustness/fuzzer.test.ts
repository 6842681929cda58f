// Hypercall fuzzing on QEMU (-icount shift=0,sleep=off), system systems/test-fuzz.ts: the hc-fuzzer
// guest issues 100,000 seeded random hypercalls (any 24-bit number, arguments biased to interesting
// pointers and lengths) while the port writer/reader pair and `ping` run beside it. Asserted: the
// campaign completes with the seed it was given, every call accounted for in the result histogram
// and many different results reached (valid calls included); the hypervisor keeps running, prints
// its `hv: invariants ok <checks>` report with the count growing and never a failed invariant; `ping`
// starts every one of its slots exactly on its plan boundary (tick 10k+7) before, during and after the
// campaign; every port message of the writer reaches the reader, in order, none lost or corrupt; and a
// second run with the same seed makes the same calls with the same results (a failing seed replays).
// Recorded with recordReliability (suite `hc-fuzzer`).
import assert from 'node:assert/strict';

import { HvResult, Hypercall } from '../../../firmware/core/hypercall-numbers.ts';
import { HealthEvent } from '../../../firmware/core/tables.ts';
import testFuzz from '../../../systems/test-fuzz.ts';
import { recordReliability } from '../../reliability/record.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';
import { runFuzzCampaign, type FuzzRun } from './helpers/hostile-fuzz-run.ts';

const SEED = 0x5eed0008;
const CALLS = 100_000;
const PROGRESS_EVERY = 10_000;
/** Messages the writer sends (3 per slot): enough to span the campaign and the ticks after it. */
const PORT_MESSAGES = 60;
const FRAME = testFuzz.plans[0].majorFrame;
const FUZZ_VM = testFuzz.vms.findIndex((vm) => vm.name === 'fuzz');
const PING_SLOT_START = testFuzz.plans[0].slots.find((s) => s.vm === 'ping')!.start;
/** The guest's histogram slots: every HvResult code in order, then any other value. */
const RESULT_NAMES = [
  ...Array.from(
    { length: Math.max(...Object.values(HvResult).filter((v) => typeof v === 'number')) + 1 },
    (_, code) => String(HvResult[code] ?? `code ${code}`),
  ),
  'other',
];

describe('robustness on QEMU: hypercall fuzzer beside port and ping neighbours (icount)', function () {
  this.timeout(120_000);
  let run: FuzzRun;
  let hypervisorFailures = 0;
  let lostMessages = 0;
  let neighbourChecked = false;
  let selfRestartCount = 0;

  before(async () => {
    requireQemuForTests();
    run = await runFuzzCampaign({
      seed: SEED,
      calls: CALLS,
      progressEvery: PROGRESS_EVERY,
      portMessages: PORT_MESSAGES,
    });
  });

  after(() => {
    if (run === undefined) return;
    const reached = run.results
      .map((count, code) => (count > 0 ? `${RESULT_NAMES[code]} ${count}` : ''))
      .filter((s) => s !== '');
    recordReliability({
      suite: 'hc-fuzzer',
      title: 'Hypercall fuzzer (QEMU, icount)',
      entries: [
        {
          category: 'fuzz',
          name: `random hypercalls, seed 0x${SEED.toString(16)}`,
          count: run.done?.calls ?? 0,
          outcome:
            `${run.done?.calls ?? 0} calls in ${run.done?.tick ?? '?'} ticks, ${run.done?.restarts ?? '?'} fuzzer restarts ` +
            `(${selfRestartCount} VmRestart of itself, ${run.healthRestarts} by faults in its own memory), ` +
            `results: ${reached.join(', ')}; neighbours ${neighbourChecked ? 'kept every slot and message' : 'NOT checked'}`,
          hypervisorFailures,
          lostMessages,
        },
      ],
    });
  });

  it(`completes ${CALLS} calls with its seed, every call accounted for`, () => {
    assert.ok(run.done !== undefined, 'the fuzzer printed its done line');
    assert.equal(run.done.seed, SEED);
    assert.equal(run.done.calls, CALLS);
    const counted = run.progress
      .filter((p) => p.calls > 0 && p.calls % PROGRESS_EVERY === 0)
      .map((p) => p.calls);
    assert.deepEqual(
      [...new Set(counted)],
      Array.from({ length: CALLS / PROGRESS_EVERY }, (_, i) => (i + 1) * PROGRESS_EVERY),
    );
    // Calls only ever go up, across restarts (the state is in .noinit), and time too.
    run.progress.slice(1).forEach((p, i) => {
      assert.ok(p.calls >= run.progress[i].calls, `progress ${i + 1}`);
      assert.ok(p.tick >= run.progress[i].tick, `progress ${i + 1} tick`);
    });
    // Every call either returned a result or restarted the fuzzer (VmRestart of itself, a fault).
    assert.equal(
      run.results.reduce((a, b) => a + b, 0) + run.unreturned,
      CALLS,
      `results ${run.results.join(', ')} + ${run.unreturned} unreturned`,
    );
    assert.equal(run.unreturned, run.done.restarts, 'each restart ended a call');
    // A call that did not return restarted the fuzzer itself: VmRestart of itself, or a fault of its own
    // (for example a buffer it passed into its own scratch area, where the SVC stub lives, overwritten
    // by a valid call) answered by its health policy.
    const unreturned = [
      ...run.fuzzConsole.matchAll(
        /fuzz: call \d+ svc 0x([0-9a-f]+) \(0x([0-9a-f]+) [^)]*\) did not return; newest fault vm\|event<<8 0x([0-9a-f]+) /g,
      ),
    ].map((m) => ({ call: parseInt(m[1], 16), vm: parseInt(m[2], 16), who: parseInt(m[3], 16) }));
    assert.equal(unreturned.length, run.unreturned);
    const selfRestarts = unreturned.filter((u) => u.call === Hypercall.VmRestart && u.vm === FUZZ_VM);
    const ownFaults = unreturned.filter((u) => !(u.call === Hypercall.VmRestart && u.vm === FUZZ_VM));
    assert.equal(ownFaults.length, run.healthRestarts, JSON.stringify(unreturned));
    for (const fault of ownFaults) {
      assert.equal(fault.who & 0xff, FUZZ_VM, `a fault of the fuzzer itself: ${JSON.stringify(fault)}`);
      assert.ok(
        [HealthEvent.MpuViolation, HealthEvent.UndefinedInstruction, HealthEvent.PrefetchAbort].includes(
          fault.who >> 8,
        ),
        `a synchronous fault: ${JSON.stringify(fault)}`,
      );
    }
    selfRestartCount = selfRestarts.length;
  });

  it('reaches valid calls and a wide range of error results', () => {
    const reached = run.results.filter((count) => count > 0).length;
    assert.ok(run.results[0] > CALLS / 20, `Ok results: ${run.results[0]}`);
    assert.ok(reached >= 15, `distinct results reached: ${run.results.join(', ')}`);
    assert.equal(
      run.results.length,
      RESULT_NAMES.length,
      'a histogram slot per documented result, and other',
    );
    assert.equal(run.results[RESULT_NAMES.length - 1], 0, 'no result outside the documented codes');
  });

  it('the hypervisor kept running: invariant reports growing, none failed', () => {
    const failed = [...run.console.matchAll(/^hv: invariants? .*(failed|FAILED).*$/gm)].map((m) => m[0]);
    hypervisorFailures = failed.length + (/^bsp: unhandled/m.test(run.console) ? 1 : 0);
    assert.deepEqual(failed, []);
    assert.doesNotMatch(run.console, /^bsp: unhandled/m);
    const checks = [...run.console.matchAll(/^hv: invariants ok (\d+)$/gm)].map((m) => Number(m[1]));
    assert.ok(checks.length >= 2, `invariant reports: ${checks.join(', ')}`);
    checks.slice(1).forEach((c, i) => assert.ok(c > checks[i], `report ${i + 1}: ${checks.join(', ')}`));
  });

  it('ping started every slot exactly on its plan boundary, before, during and after the campaign', () => {
    const pings = [...run.console.matchAll(/^\[ping\] ping (\d+) tick (\d+)$/gm)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    assert.ok(pings.length * FRAME > run.done.tick + FRAME, `${pings.length} ping lines`);
    assert.deepEqual(
      pings,
      pings.map((_, i) => [i, i * FRAME + PING_SLOT_START]),
    );
  });

  it('every message of the writer reached the reader, in order, none lost or corrupt', () => {
    const sent = [...run.console.matchAll(/^\[writer\] writer: sent (\d+) (\S+) (\S+)$/gm)];
    assert.deepEqual(
      sent.map((m) => [Number(m[1]), m[2], m[3]]),
      Array.from({ length: PORT_MESSAGES }, (_, i) => [i, 'OK', 'OK']),
    );
    const got = [...run.console.matchAll(/^\[reader\] reader: got (\d+)$/gm)].map((m) => Number(m[1]));
    lostMessages = PORT_MESSAGES - got.length;
    assert.deepEqual(
      got,
      Array.from({ length: PORT_MESSAGES }, (_, i) => i),
    );
    assert.match(run.console, new RegExp(`^\\[reader\\] reader: done ${PORT_MESSAGES} lost 0 bad 0$`, 'm'));
    assert.doesNotMatch(run.console, /^\[reader\] reader: (lost|bad|overflows)/m);
    neighbourChecked = true;
  });

  it('is reproducible: the same seed gives the same calls, results and restarts again', async () => {
    const again = await runFuzzCampaign({
      seed: SEED,
      calls: CALLS,
      progressEvery: PROGRESS_EVERY,
      portMessages: PORT_MESSAGES,
      image: run.image,
      consoleFileName: 'uart2-fuzz-again.txt',
    });
    assert.deepEqual(again.done, run.done);
    assert.deepEqual(again.results, run.results);
    assert.deepEqual(again.progress, run.progress);
    const unreturned = (r: FuzzRun) =>
      [...r.fuzzConsole.matchAll(/fuzz: call .* did not return[^\n]*/g)].map((m) => m[0]);
    assert.deepEqual(unreturned(again), unreturned(run));
  });
});
