// Job: the hypercall-fuzzer suite for one board, shared by fuzzer.test.ts (realview-eb, Cortex-R5F, SVC)
// and fuzzer-an536.test.ts (mps3-an536, Cortex-R52, HVC): runs the board's fuzz system
// (hostile-fuzz-run.ts, FUZZ_TARGETS) with a seed and a call count and asserts that the campaign
// completes with its seed, every call accounted for in the result histogram and many different results
// reached (valid calls included); the hypervisor keeps running, prints its `hv: invariants ok <checks>`
// report with the count growing and never a failed invariant; `ping` starts every one of its slots
// exactly on its plan boundary before, during and after the campaign; every port message of the writer
// reaches the reader, in order, none lost or corrupt; and a second run with the same seed makes the same
// calls with the same results. Records the campaign with recordReliability (a run that stopped on QEMU,
// FuzzRunStopped: a hang, QEMU's exit, the wall-clock limit, is recorded as a hypervisor failure with
// its error).
import assert from 'node:assert/strict';

import { HvResult, Hypercall } from '../../../../firmware/core/hypercall-numbers.ts';
import { HealthEvent } from '../../../../firmware/core/tables.ts';
import { recordReliability } from '../../../reliability/record.ts';
import { requireQemuForTests } from '../../helpers/require-qemu.ts';
import {
  FUZZ_TARGETS,
  FuzzRunStopped,
  runFuzzCampaign,
  type FuzzBoard,
  type FuzzRun,
} from './hostile-fuzz-run.ts';

export interface FuzzSuiteOptions {
  board: FuzzBoard;
  /** The mocha describe title. */
  title: string;
  /** recordReliability suite name and title. */
  suite: string;
  reportTitle: string;
  seed: number;
  calls: number;
  progressEvery: number;
  /** Messages the writer sends (3 per slot): enough to span the campaign and the ticks after it. */
  portMessages: number;
  /** Mocha timeout of the suite's hooks and tests, ms. */
  timeoutMs: number;
}

/** The guest's histogram slots: every HvResult code in order, then any other value. */
const RESULT_NAMES = [
  ...Array.from(
    { length: Math.max(...Object.values(HvResult).filter((v) => typeof v === 'number')) + 1 },
    (_, code) => String(HvResult[code] ?? `code ${code}`),
  ),
  'other',
];

/** The fuzzer's report of a call that restarted it instead of returning (SVC or HVC per board). */
const UNRETURNED =
  /fuzz: call \d+ (?:svc|hvc) 0x([0-9a-f]+) \(0x([0-9a-f]+) [^)]*\) did not return; newest fault vm\|event<<8 0x([0-9a-f]+) /g;

/** Declares the suite (see the file header). */
export function describeFuzzCampaign(options: FuzzSuiteOptions): void {
  const { board, seed, calls, progressEvery, portMessages } = options;
  const system = FUZZ_TARGETS[board];
  const frame = system.plans[0].majorFrame;
  const fuzzVm = system.vms.findIndex((vm) => vm.name === 'fuzz');
  const pingSlotStart = system.plans[0].slots.find((s) => s.vm === 'ping')!.start;
  const campaign = { board, seed, calls, progressEvery, portMessages };

  describe(options.title, function () {
    this.timeout(options.timeoutMs);
    let run: FuzzRun;
    let failure: Error | undefined;
    let hypervisorFailures = 0;
    let lostMessages = 0;
    let neighbourChecked = false;
    let selfRestartCount = 0;

    before(async () => {
      requireQemuForTests();
      try {
        run = await runFuzzCampaign(campaign);
      } catch (error) {
        failure = error as Error;
        throw error;
      }
    });

    after(() => {
      const name = `random hypercalls, seed 0x${seed.toString(16)}`;
      if (failure !== undefined) {
        recordReliability({
          suite: options.suite,
          title: options.reportTitle,
          entries: [
            {
              category: 'fuzz',
              name,
              count: 0,
              outcome: `did not complete: ${failure.message.split('\n')[0]}`,
              hypervisorFailures: failure instanceof FuzzRunStopped ? 1 : 0,
              lostMessages: 0,
            },
          ],
        });
        return;
      }
      if (run === undefined) return;
      const reached = run.results
        .map((count, code) => (count > 0 ? `${RESULT_NAMES[code]} ${count}` : ''))
        .filter((s) => s !== '');
      recordReliability({
        suite: options.suite,
        title: options.reportTitle,
        entries: [
          {
            category: 'fuzz',
            name,
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

    it(`completes ${calls} calls with its seed, every call accounted for`, () => {
      assert.ok(run.done !== undefined, 'the fuzzer printed its done line');
      assert.equal(run.done.seed, seed);
      assert.equal(run.done.calls, calls);
      const counted = run.progress
        .filter((p) => p.calls > 0 && p.calls % progressEvery === 0)
        .map((p) => p.calls);
      assert.deepEqual(
        [...new Set(counted)],
        Array.from({ length: calls / progressEvery }, (_, i) => (i + 1) * progressEvery),
      );
      // Calls only ever go up, across restarts (the state is in .noinit), and time too.
      run.progress.slice(1).forEach((p, i) => {
        assert.ok(p.calls >= run.progress[i].calls, `progress ${i + 1}`);
        assert.ok(p.tick >= run.progress[i].tick, `progress ${i + 1} tick`);
      });
      // Every call either returned a result or restarted the fuzzer (VmRestart of itself, a fault).
      assert.equal(
        run.results.reduce((a, b) => a + b, 0) + run.unreturned,
        calls,
        `results ${run.results.join(', ')} + ${run.unreturned} unreturned`,
      );
      assert.equal(run.unreturned, run.done.restarts, 'each restart ended a call');
      // A call that did not return restarted the fuzzer itself: VmRestart of itself, or a fault of its
      // own (for example a buffer it passed into its own scratch area, where the call stub lives,
      // overwritten by a valid call) answered by its health policy.
      const unreturned = [...run.fuzzConsole.matchAll(UNRETURNED)].map((m) => ({
        call: parseInt(m[1], 16),
        vm: parseInt(m[2], 16),
        who: parseInt(m[3], 16),
      }));
      assert.equal(unreturned.length, run.unreturned);
      const selfRestarts = unreturned.filter((u) => u.call === Hypercall.VmRestart && u.vm === fuzzVm);
      const ownFaults = unreturned.filter((u) => !(u.call === Hypercall.VmRestart && u.vm === fuzzVm));
      assert.equal(ownFaults.length, run.healthRestarts, JSON.stringify(unreturned));
      for (const fault of ownFaults) {
        assert.equal(fault.who & 0xff, fuzzVm, `a fault of the fuzzer itself: ${JSON.stringify(fault)}`);
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
      assert.ok(run.results[0] > calls / 20, `Ok results: ${run.results[0]}`);
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
      assert.ok(pings.length * frame > run.done.tick + frame, `${pings.length} ping lines`);
      assert.deepEqual(
        pings,
        pings.map((_, i) => [i, i * frame + pingSlotStart]),
      );
    });

    it('every message of the writer reached the reader, in order, none lost or corrupt', () => {
      const sent = [...run.console.matchAll(/^\[writer\] writer: sent (\d+) (\S+) (\S+)$/gm)];
      assert.deepEqual(
        sent.map((m) => [Number(m[1]), m[2], m[3]]),
        Array.from({ length: portMessages }, (_, i) => [i, 'OK', 'OK']),
      );
      const got = [...run.console.matchAll(/^\[reader\] reader: got (\d+)$/gm)].map((m) => Number(m[1]));
      lostMessages = portMessages - got.length;
      assert.deepEqual(
        got,
        Array.from({ length: portMessages }, (_, i) => i),
      );
      assert.match(run.console, new RegExp(`^\\[reader\\] reader: done ${portMessages} lost 0 bad 0$`, 'm'));
      assert.doesNotMatch(run.console, /^\[reader\] reader: (lost|bad|overflows)/m);
      neighbourChecked = true;
    });

    it('is reproducible: the same seed gives the same calls, results and restarts again', async () => {
      const again = await runFuzzCampaign({
        ...campaign,
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
}
