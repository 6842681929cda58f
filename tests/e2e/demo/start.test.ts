// `bulkhead start` (what `npm start` runs) end to end: it builds systems/demo.ts, boots it in QEMU with
// -icount, serves the vehicle model on UART2, prints the SLCAN port with the commands to join and
// where it records the whole trace (out/demo/trace.txt), streams both guests' console lines (prefixed
// with the VM name), and exits 0 after `--duration` (wall seconds: `4`; virtual seconds: `3v`, exactly
// 300 control periods in lock-step) or on Ctrl-C (SIGINT); with `--board mps3-an536` the same demo on
// the Cortex-R52 board.
// Bad arguments are refused naming the offending input.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseStartArguments, StartArgumentError } from '../../../cli/commands/start.ts';
import { parseTrace } from '../../../firmware/sim/trace-lines.ts';
import { repoRoot } from '../../../qemu/runner/index.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bulkhead start ...args`; `onStdout` sees the output so far and may signal the child. */
function start(
  args: string[],
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'cli', 'main.ts'), 'start', ...args],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bulkhead start (npm start) on QEMU', function () {
  this.timeout(240_000);
  before(() => requireQemuForTests());

  it('boots the demo, shows both guests and how to join the bus, exits 0 after --duration', async () => {
    const run = await start(['--duration', '4']);
    assert.equal(run.code, 0, run.stderr);
    const out = run.stdout;
    const canPort = out.match(/virtual CAN \(SLCAN\) on UART1: tcp 127\.0\.0\.1:(\d+)/)?.[1];
    assert.ok(canPort !== undefined, out);
    assert.match(out, new RegExp(`cli/main\\.ts can dump --port ${canPort} --dbc systems/demo\\.dbc\\n`));
    assert.match(out, new RegExp(`interface='slcan', channel='socket://127\\.0\\.0\\.1:${canPort}'`));
    assert.match(out, /trace \(UART3\) recorded from the first byte to out\/demo\/trace\.txt/);
    assert.match(out, /^\[control\] cruise control: /m);
    assert.match(out, /^\[diag\] diag: UDS server\b.* on 0x7E0\/0x7DF/m);
    assert.match(out, /^\[diag\] diag: speed \d+\.\d\d km\/h, set-point 100\.00 km\/h/m);
    const periods = Number(out.match(/vehicle model served (\d+) control periods/)?.[1]);
    assert.ok(periods > 100, `the HIL loop ran: ${periods} periods`);
    assert.match(out, /stopped \(after 4 s\)/);
    // The whole trace, from the boot's first record on.
    const text = readFileSync(join(repoRoot, 'out', 'demo', 'trace.txt'), 'latin1');
    const trace = parseTrace(text.slice(0, text.lastIndexOf('\n') + 1));
    assert.equal(trace[0].tick, 0);
    assert.ok(trace.filter((r) => r.kind === 'S').length > 3 * periods, 'every slot switch of the run');
  });

  it('boots the same demo on mps3-an536 (--board): both guests, the HIL loop, the bus, exit 0 after 3 s of virtual time', async () => {
    const run = await start(['--board', 'mps3-an536', '--duration', '3v']);
    assert.equal(run.code, 0, run.stderr);
    const out = run.stdout;
    assert.match(out, /^bulkhead start: system 'demo-mps3-an536' \(control, diag\)/m);
    assert.match(out, /virtual CAN \(SLCAN\) on UART1: tcp 127\.0\.0\.1:\d+/);
    assert.match(
      out,
      /^\[control\] cruise control: 100 Hz, set-point 100 km\/h, HIL link on UART2 at e0206000$/m,
    );
    assert.match(out, /^\[diag\] diag: UDS server\b.* on 0x7E0\/0x7DF/m);
    const speeds = [...out.matchAll(/^\[control\] t=\d+s speed=(\d+)\.\d\d km\/h/gm)].map((m) =>
      Number(m[1]),
    );
    assert.ok(speeds.length >= 3 && speeds.at(-1) > speeds[0], `the car accelerates: ${speeds.join(', ')}`);
    // Lock-step: exactly 3 s of the guests' time, its t=3s status line the last one.
    assert.match(
      out,
      /^bulkhead start: 3\.00 s of virtual time \(300 control periods\) in [\d.]+ s of wall time, \d+ periods per wall second \(lock-step\)$/m,
    );
    assert.match(out, /^\[control\] t=3s speed=/m);
    assert.doesNotMatch(out, /^\[control\] t=4s /m);
    assert.doesNotMatch(out, /^\[control\] fault code=/m);
    assert.match(out, /stopped \(after 3 s of virtual time\)/);
  });

  it('stops cleanly on SIGINT (Ctrl-C) with exit 0', async () => {
    let signalled = false;
    const run = await start([], (text, child) => {
      if (!signalled && /^\[diag\] diag: speed/m.test(text)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    assert.ok(signalled, run.stdout + run.stderr);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /stopped \(SIGINT\)/);
  });

  it('refuses bad arguments, naming them', () => {
    assert.throws(
      () => parseStartArguments(['--duration', 'soon']),
      (e: Error) => {
        return e instanceof StartArgumentError && e.message.includes("'soon'");
      },
    );
    assert.throws(() => parseStartArguments(['--icount', '99']), /'99'/);
    assert.throws(() => parseStartArguments(['no-such-system']), /'no-such-system'/);
    assert.throws(() => parseStartArguments(['--frobnicate']), /'--frobnicate'/);
    assert.deepEqual(parseStartArguments(['--no-icount', '--duration', '2.5']).icount, false);
    assert.equal(parseStartArguments([]).systemFile, 'systems/demo.ts');
    assert.throws(() => parseStartArguments(['--board', 'no-such-board']), /'no-such-board'.*mps3-an536/);
    assert.equal(parseStartArguments(['--board', 'mps3-an536']).board, 'mps3-an536');
    const wall = parseStartArguments(['--duration', '20s']);
    assert.deepEqual([wall.durationS, wall.durationClock, wall.lockstep], [20, 'wall', true]);
    const virtual = parseStartArguments(['--duration', '20v', '--no-lockstep']);
    assert.deepEqual([virtual.durationS, virtual.durationClock, virtual.lockstep], [20, 'virtual', false]);
    assert.equal(parseStartArguments(['--duration', '4']).durationClock, 'wall');
    assert.throws(() => parseStartArguments(['--duration', '20x']), /'20x'.*20v: virtual time/);
    assert.throws(() => parseStartArguments(['--duration', '0v']), /'0v'/);
  });
});
