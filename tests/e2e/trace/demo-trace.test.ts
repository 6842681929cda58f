// The trace tools on a real recording: the demo (systems/demo.ts) runs in QEMU (-icount shift=0) with
// the vehicle model for 1.2 s of virtual time while UART3 is captured from the
// first byte. The recording holds sub-tick stamps and, with the demo's trace filter, no GetTime records
// and no lost markers; `bulkhead trace summary` adds the CPU shares up to 100 % and matches the plan's
// window lengths (within TOLERANCE); `bulkhead trace perfetto` writes Chrome trace-event JSON that
// passes the format check (fields per event type, nesting, flows). Both run as the CLI does, in a
// child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { decodeTrace, traceContext } from '../../../cli/trace/decode.ts';
import { HYPERVISOR, IDLE, type TraceSummary } from '../../../cli/trace/summary.ts';
import { repoRoot } from '../../../qemu/runner/index.ts';
import demo from '../../../systems/demo.ts';
import { checkChromeTrace } from '../../support/chrome-trace.ts';
import { demoImage, runHil } from '../hil/helpers/hil-run.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';

/** Control periods (10 ms each) run: 1.2 s of virtual time, so the diagnostic guest's once-a-second read
 *  of vehicle_status is in it (a port message flow). */
const STEPS = 120;
/** Largest difference, in percentage points, between a VM's measured and planned CPU share: the boot
 *  (before the first slot switch) and the hypervisor's tick-to-switch time come out of the slots. */
const TOLERANCE_POINTS = 1;

function bulkhead(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'cli/main.ts'), ...args], {
    encoding: 'utf8',
    cwd: repoRoot,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('trace tools on a recorded QEMU run of the demo', function () {
  this.timeout(180_000);
  let traceFile: string;
  let text: string;

  before(async () => {
    requireQemuForTests();
    const image = await demoImage();
    await runHil({ image, steps: STEPS, traceFileName: 'uart3-trace-tools.txt' });
    traceFile = join(image.dir, 'uart3-trace-tools.txt');
    text = readFileSync(traceFile, 'latin1');
  });

  it('recorded from the first byte, with sub-tick stamps, without GetTime records or lost markers', () => {
    const records = decodeTrace(text, traceContext(demo));
    assert.ok(records.length > 200, `${records.length} records`);
    assert.equal(records[0].tick, 0, 'the first record is from boot');
    assert.ok(
      records.some((r) => r.kind === 'V' && r.tick === 0),
      'the boot-time VM starts are there',
    );
    const getTime = 3;
    assert.deepEqual(
      records.filter((r) => r.kind === 'H' && r.a === getTime),
      [],
    );
    assert.deepEqual(
      records.filter((r) => r.kind === 'X'),
      [],
    );
    const withinTick = records.filter((r) => r.tick > 0 && r.cycles > 0 && r.cycles < 1_000_000);
    assert.ok(
      withinTick.length > records.length / 2,
      'PMCCNTR counts virtual ns: stamps inside the 1 ms tick',
    );
    for (let i = 1; i < records.length; i++) {
      assert.ok(records[i].timeNs >= records[i - 1].timeNs, `time order at line ${records[i].line}`);
    }
  });

  it("bulkhead trace summary: CPU shares add up to 100 % and match the plan's window lengths", () => {
    const result = bulkhead(['trace', 'summary', traceFile, '--system', 'demo', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as TraceSummary;
    assert.ok(summary.frames.length >= STEPS - 2, `${summary.frames.length} frames`);
    const total = Object.values(summary.cpuShare).reduce((s, x) => s + x, 0);
    assert.ok(Math.abs(total - 1) < 1e-9, `shares add up to ${total}`);
    for (const frame of summary.frames) {
      const sum = Object.values(frame.cpuNs).reduce((s, x) => s + x, 0);
      assert.ok(Math.abs(sum - (frame.endNs - frame.startNs)) < 1e-3, `frame ${frame.index}`);
    }
    const planned = { control: 0.5, diag: 0.3, [IDLE]: 0.2 };
    for (const [owner, share] of Object.entries(planned)) {
      assert.ok(
        Math.abs(summary.cpuShare[owner] - share) * 100 <= TOLERANCE_POINTS,
        `${owner}: ${(summary.cpuShare[owner] * 100).toFixed(2)} % against ${share * 100} %`,
      );
      assert.ok(Math.abs(summary.plannedShare![owner] - share) < 1e-9);
    }
    assert.ok(summary.cpuShare[HYPERVISOR] * 100 <= TOLERANCE_POINTS);
    const control = summary.activity.control;
    assert.ok(control.hypercalls.SamplingWrite >= STEPS - 2, 'control writes vehicle_status every period');
    assert.ok(control.canSent > 0, 'control sends its 0x100 frames');
    assert.equal(control.overruns + summary.activity.diag.overruns, 0);
    assert.equal(summary.faults.length, 0);

    const textual = bulkhead(['trace', 'summary', traceFile, '--system', 'demo']);
    assert.equal(textual.status, 0, textual.stderr);
    assert.match(textual.stdout, /^ {2}control +\d+\.\d\d % {2}plan +50\.00 %$/m);
    assert.match(textual.stdout, /^major frames/m);
  });

  it('bulkhead trace perfetto: Chrome trace-event JSON that passes the format check', () => {
    const output = join(repoRoot, 'out', 'e2e', 'trace', 'demo-trace.json');
    rmSync(output, { force: true });
    const result = bulkhead(['trace', 'perfetto', traceFile, '--system', 'demo', '-o', output]);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(existsSync(output));
    const { problems, events } = checkChromeTrace(readFileSync(output, 'utf8'));
    assert.deepEqual(problems.slice(0, 10), []);
    const tracks = events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args?.name);
    assert.deepEqual(tracks, ['core 0', 'hypervisor', 'vm0 control', 'vm1 diag']);
    const slots = events.filter((e) => e.ph === 'X' && e.cat === 'slot' && e.tid === 1);
    assert.ok(slots.length >= 3 * (STEPS - 2), `${slots.length} slots on the core track`);
    assert.ok(events.some((e) => e.ph === 'X' && e.cat === 'hypercall' && e.name === 'SamplingWrite'));
    assert.ok(
      events.some((e) => e.ph === 's' && e.cat === 'port'),
      'vehicle_status messages as flows',
    );
  });

  it('names a missing trace file or a bad action with exit code 2 and no stack trace', () => {
    const missing = bulkhead(['trace', 'summary', 'out/no-such-dir/trace.txt']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /'out\/no-such-dir\/trace\.txt' is neither a trace file nor a system/);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
    const bad = bulkhead(['trace', 'flamegraph']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown action 'flamegraph'/);
  });
});
