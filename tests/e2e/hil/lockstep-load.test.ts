// Job: the lock-step HIL link holds under host load. Busy child processes keep both host cores loaded
// for a whole run of the demo (lock-step through QEMU's gdb stub, qemu/vehicle/lockstep.ts), and the
// host is also made slow on purpose: a few replies go out only 300 ms of wall time late. The run must
// see no sensor timeout (no `fault code=1` from the control guest, no fail-safe in its status lines,
// every step answered) and give the same speed trace, step for step and bit for bit, as a run without
// the busy processes. The same late replies without lock-step (the machine running on) do raise a
// sensor timeout, so the test can tell. On realview-eb (PL011: one stop per control period) and,
// shorter, on mps3-an536 (CMSDK UART with a one-byte receiver).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';

import { requireQemuForTests } from '../helpers/require-qemu.ts';
import type { HilPeerOptions } from '../../../qemu/vehicle/host-peer.ts';
import { demoImage, runHil, type HilRun } from './helpers/hil-run.ts';

/** Control periods per board (the start of the 0 → 100 km/h step), kept short for the slower board. */
const STEPS: Record<string, number> = { 'realview-eb': 400, 'mps3-an536': 100 };
/** Replies the host sends late, by wall time: far beyond the guest's reply window of 9 ms of virtual
 *  time, which QEMU executes in a few ms of wall time. */
const LATE_REPLY_MS = 300;
const lateReplies = (steps: number): HilPeerOptions => ({
  delays: [Math.floor(steps / 4), Math.floor(steps / 2)].map((atStep) => ({ atStep, ms: LATE_REPLY_MS })),
});

/** One child process per host core that spins until killed. */
function loadAllCores(): ChildProcess[] {
  return Array.from({ length: Math.max(2, availableParallelism()) }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
}

async function stopLoad(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolvePromise) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            resolvePromise();
            return;
          }
          child.once('exit', () => resolvePromise());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** Fault codes the control guest printed (code 1: sensor timeout). */
function controlFaults(console: string): number[] {
  return [...console.matchAll(/^\[control\] fault code=(\d+) period=\d+$/gm)].map((m) => Number(m[1]));
}

/** The control guest's once-a-second status lines: mode (2 = fail-safe) and fault flags. */
function statusLines(console: string): { mode: number; faults: number }[] {
  return [...console.matchAll(/^\[control\] t=\d+s .* mode=(\d+) faults=([0-9a-f]+) /gm)].map((m) => ({
    mode: Number(m[1]),
    faults: parseInt(m[2], 16),
  }));
}

for (const board of ['realview-eb', 'mps3-an536']) {
  const steps = STEPS[board];
  describe(`HIL on QEMU ${board}: lock-step under host load`, function () {
    this.timeout(180_000);
    let quiet: HilRun;
    let loaded: HilRun;
    let freeRunning: HilRun | null = null;
    before(async () => {
      requireQemuForTests(board);
      const image = await demoImage({}, board);
      const peer = lateReplies(steps);
      quiet = await runHil({ image, board, steps, peer });
      const load = loadAllCores();
      try {
        loaded = await runHil({ image, board, steps, peer });
        if (board === 'realview-eb')
          freeRunning = await runHil({ image, board, steps, peer, lockstep: false });
      } finally {
        await stopLoad(load);
      }
    });

    it('the loaded run sees no sensor timeout and no missed reply', () => {
      assert.deepEqual(controlFaults(loaded.console), [], loaded.console);
      const status = statusLines(loaded.console);
      assert.ok(status.length >= Math.floor(steps / 100) - 1, `${status.length} status lines`);
      for (const line of status) assert.deepEqual(line, { mode: 1, faults: 0 });
      // Every control period stopped once for its request and every reply was served.
      assert.ok(loaded.lockstep !== null && loaded.lockstep.requestStops >= steps);
      loaded.trace.forEach((s, i) => assert.notEqual(s.reportedCounts, null, `step ${i} answered`));
    });

    if (board === 'realview-eb') {
      it('without lock-step the same late replies raise a sensor timeout (the hazard is real)', () => {
        assert.ok(freeRunning !== null);
        assert.ok(controlFaults(freeRunning.console).includes(1), freeRunning.console);
      });
    }

    it(`the loaded run's speed trace equals the quiet run's, bit for bit, over ${steps} steps`, () => {
      assert.equal(loaded.trace.length, steps);
      assert.equal(quiet.trace.length, steps);
      for (let i = 0; i < steps; i++) assert.deepEqual(loaded.trace[i], quiet.trace[i], `step ${i} differs`);
      assert.ok(quiet.trace[steps - 1].speedKmh > 5, 'the car moved');
      console.log(
        `      ${board}: quiet ${Math.round((steps / quiet.wallMs) * 1000)} periods/s, ` +
          `loaded ${Math.round((steps / loaded.wallMs) * 1000)} periods/s`,
      );
    });
  });
}
