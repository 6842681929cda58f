// The transpiled core on the target: hypervisor images built by cli/build/system.ts (core, port layer
// C, BSP and C test guests on systems/test-two-vms.ts) booted in QEMU (realview-eb, Cortex-R5F,
// -icount) with the trace stream on UART3 and the console on UART0. Two VMs alternate exactly at their slot boundaries; a VM spinning forever loses the CPU at
// its slot end; a VM writing into another VM or into the hypervisor is stopped by the MPU, logged with
// the address and restarted per policy until it is halted, while the other VM keeps every slot; ports
// carry every message in order.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HealthAction, HealthEvent } from '../../../firmware/core/tables.ts';
import { parseTrace, type TraceRecord } from '../../../firmware/sim/trace-lines.ts';
import { buildHypervisorSystem } from '../../../cli/build/system.ts';

const OUT = resolve('out/test/firmware-core-qemu');
const ALPHA = 0;
const BETA = 1;
const IDLE = 0xff;
const BETA_DATA = 0x0021_0000;
/** Wall-clock time each run gets before QEMU is stopped (hundreds of virtual ticks under -icount). */
const RUN_WALL_MS = 4000;

interface Run {
  console: string;
  trace: TraceRecord[];
}

/** Guest folder (below guests/) and build defines for one VM. */
interface GuestChoice {
  image: string;
  defines?: Record<string, string | number | true>;
}

/** Builds systems/test-two-vms.ts with the chosen guests, boots it in QEMU for RUN_WALL_MS and returns
 *  the console and the parsed trace. */
async function boot(name: string, guests: Record<string, GuestChoice>): Promise<Run> {
  const image = await buildHypervisorSystem(resolve('systems/test-two-vms.ts'), {
    outRoot: join(OUT, name),
    guests: Object.fromEntries(Object.entries(guests).map(([vm, g]) => [vm, g.image])),
    guestDefines: Object.fromEntries(Object.entries(guests).map(([vm, g]) => [vm, g.defines ?? {}])),
  });
  const dir = image.dir;
  const consoleFile = join(dir, 'uart0.txt');
  const traceFile = join(dir, 'uart3.txt');
  await new Promise<void>((done, fail) => {
    const qemu = spawn(
      'qemu-system-arm',
      [
        '-M',
        'realview-eb',
        '-cpu',
        'cortex-r5f',
        '-m',
        '128M',
        '-nographic',
        '-monitor',
        'none',
        '-icount',
        'shift=0,sleep=off',
        '-semihosting-config',
        'enable=on,target=native',
        '-kernel',
        image.elf,
        '-serial',
        `file:${consoleFile}`,
        '-serial',
        'null',
        '-serial',
        'null',
        '-serial',
        `file:${traceFile}`,
      ],
      { env: { ...process.env, QEMU_AUDIO_DRV: 'none' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    qemu.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let stopped = false;
    const timer = setTimeout(() => {
      stopped = true;
      qemu.kill('SIGTERM');
    }, RUN_WALL_MS);
    qemu.on('error', fail);
    qemu.on('exit', (code) => {
      clearTimeout(timer);
      if (stopped) done();
      else fail(new Error(`QEMU exited early (code ${code}): ${stderr}`));
    });
  });
  const traceText = readFileSync(traceFile, 'latin1');
  // The last line may be cut by the kill.
  const complete = traceText.slice(0, traceText.lastIndexOf('\n') + 1);
  return { console: readFileSync(consoleFile, 'latin1'), trace: parseTrace(complete) };
}

/** Owner of each window start, in order, for the first `frames` major frames of test-two-vms. */
function expectedSwitches(frames: number): [number, number][] {
  const out: [number, number][] = [];
  for (let f = 0; f < frames; f++) out.push([6 * f, ALPHA], [6 * f + 2, BETA], [6 * f + 5, IDLE]);
  return out;
}

describe('firmware/core on QEMU (transpiled core, C test guests)', function () {
  this.timeout(300_000);

  it('alternates two VMs exactly at the slot boundaries; a spinning VM loses the CPU at its slot end', async () => {
    const run = await boot('ping-spin', {
      alpha: { image: 'test/ping' },
      beta: { image: 'test/spin' },
    });
    const switches = run.trace.filter((r) => r.kind === 'S').map((r) => [r.tick, r.vm] as [number, number]);
    assert.ok(switches.length >= 60, `enough frames ran (${switches.length} slot switches)`);
    assert.deepEqual(switches.slice(0, 60), expectedSwitches(20));
    // alpha prints once per slot at its slot start, then yields.
    const pings = [...run.console.matchAll(/^\[alpha\] ping (\d+) tick (\d+)$/gm)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    assert.ok(pings.length >= 20);
    pings.slice(0, 20).forEach(([count, tick], i) => assert.deepEqual([count, tick], [i, 6 * i]));
    assert.match(run.console, /^\[beta\] spin: start$/m);
    // beta never traps after its first console write: the tick alone takes the CPU away from it.
    const betaCalls = run.trace.filter((r) => r.kind === 'H' && r.vm === BETA);
    assert.ok(
      betaCalls.every((r) => r.tick === 2),
      'beta only called the hypervisor at its start',
    );
  });

  it('stops a VM writing into another VM and into the hypervisor, restarts it per policy, then halts it', async () => {
    const run = await boot('intruder', {
      alpha: { image: 'test/intruder', defines: { BH_INTRUDER_TARGET: BETA_DATA } },
      beta: { image: 'test/ping' },
    });
    const faults = run.trace.filter((r) => r.kind === 'F');
    assert.deepEqual(
      faults.map((r) => [r.vm, r.a, r.b]),
      [
        [ALPHA, HealthEvent.MpuViolation, BETA_DATA],
        [ALPHA, HealthEvent.MpuViolation, 0x100],
        [ALPHA, HealthEvent.MpuViolation, BETA_DATA],
        [ALPHA, HealthEvent.MpuViolation, 0x100],
      ],
    );
    const actions = run.trace.filter((r) => r.kind === 'A').map((r) => [r.vm, r.a, r.b]);
    assert.deepEqual(actions, [
      [ALPHA, HealthAction.WarmRestart, 1],
      [ALPHA, HealthAction.WarmRestart, 2],
      [ALPHA, HealthAction.WarmRestart, 3],
      [ALPHA, HealthAction.Halt, 3],
    ]);
    assert.doesNotMatch(run.console, /NOT STOPPED/);
    // beta owns the CPU at every one of its slots and prints at each.
    const betaSlots = run.trace.filter((r) => r.kind === 'S' && r.vm === BETA).map((r) => r.tick);
    assert.ok(betaSlots.length >= 20);
    betaSlots.slice(0, 20).forEach((tick, i) => assert.equal(tick, 6 * i + 2));
    const pings = [...run.console.matchAll(/^\[beta\] ping (\d+) tick (\d+)$/gm)].map((m) => Number(m[2]));
    pings.slice(0, 20).forEach((tick, i) => assert.equal(tick, 6 * i + 2));
  });

  it('carries queuing and sampling messages between VMs in order with nothing lost', async () => {
    const run = await boot('ports', {
      alpha: { image: 'test/port-writer' },
      beta: { image: 'test/port-reader' },
    });
    const done = /^\[beta\] reader: done (\d+) lost (\d+) bad (\d+)$/m.exec(run.console);
    assert.ok(done !== null, 'the reader finished');
    assert.equal(done[2], '0');
    assert.equal(done[3], '0');
    const got = [...run.console.matchAll(/^\[beta\] reader: got (\d+)$/gm)].map((m) => Number(m[1]));
    assert.deepEqual(
      got,
      Array.from({ length: got.length }, (_, i) => i),
    );
    assert.equal(got.length, Number(done[1]));
    const sends = run.trace.filter((r) => r.kind === 'P' && r.vm === ALPHA && r.a >>> 16 === 3).length;
    const receives = run.trace.filter((r) => r.kind === 'P' && r.vm === BETA && r.a >>> 16 === 4).length;
    assert.equal(receives, sends);
  });
});
