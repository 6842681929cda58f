// Time, monitoring and CPU-state isolation on QEMU (-icount shift=0,sleep=off), system
// systems/test-neighbours.ts: the `victim` measures each of its slots against a hardware clock it owns
// (timer1, 1 MHz of virtual time) while the `attacker` beside it misbehaves in one way per phase of
// 200 ticks (guests/test/neighbour-attacker: quiet, spin, cold self-restart loop with a 192 KiB image,
// console flood of terminal control sequences, CAN flood, fault-log and trace flood, CPU state
// (TPIDRURW, an open load-exclusive, GE/Q/E flags), upcall handler cleared inside its upcall). In every
// phase each victim slot must start at the same wall-clock offset from its planned tick as in the quiet
// phase and last as long, and the hypervisor's tick count must keep pace with the clock (no tick lost);
// the victim's TPIDRURW and exclusive monitor are never touched; its fault-log entry survives the
// attacker's flood and only the attacker loses records (its own share); every planned slot switch is
// in the trace; the attacker's control characters reach the console escaped; the self-checks report
// no failure. Each attack is shown to have happened. Recorded with recordReliability (suite
// `neighbours`).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildHypervisorSystemFrom, type BuiltSystem } from '../../../cli/build/system.ts';
import { VmState } from '../../../firmware/core/hypercall-numbers.ts';
import { parseTrace, type TraceRecord } from '../../../firmware/sim/trace-lines.ts';
import { loopbackHost } from '../../../qemu/runner/command-line.ts';
import { pickFreePorts } from '../../../qemu/runner/free-ports.ts';
import { launch, monitorArguments, repoRoot, resumeThroughMonitor } from '../../../qemu/runner/index.ts';
import type { CanMessage } from '../../../qemu/slcan/can-frame.ts';
import { SlcanClient } from '../../../qemu/slcan/client.ts';
import testNeighbours, {
  NEIGHBOURS_FLOOD_CAN_ID,
  NEIGHBOURS_PHASE_TICKS,
} from '../../../systems/test-neighbours.ts';
import { recordReliability, type ReliabilityEntry } from '../../reliability/record.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';

const VICTIM = testNeighbours.vms.findIndex((vm) => vm.name === 'victim');
const ATTACKER = testNeighbours.vms.findIndex((vm) => vm.name === 'attacker');
const FRAME = testNeighbours.plans[0].majorFrame;
const TICK_US = testNeighbours.tickMicroseconds;
const VICTIM_TICKS = testNeighbours.plans[0].slots.find((s) => s.vm === 'victim')!.duration;
/** The attacker's phases (guests/test/neighbour-attacker/main.c). */
const PHASES = ['quiet', 'spin', 'restart', 'console', 'can', 'logs', 'cpu', 'upcall'] as const;
/** Largest difference, in microseconds, between a slot's start offset or length and the quiet phase's:
 *  what the hypervisor's own work at a switch may vary by (a few hundred instructions at 1 ns each). The
 *  time a neighbour could take before isolation held was milliseconds. */
const TOLERANCE_US = 20;
const WALL_LIMIT_MS = 120_000;
const OUT = join(repoRoot, 'out', 'e2e', 'neighbours');

interface Slot {
  index: number;
  tick: number;
  start: number;
  end: number;
}

interface NeighbourRun {
  image: BuiltSystem;
  console: string;
  records: TraceRecord[];
  can: CanMessage[];
  slots: Slot[];
}

async function runNeighbours(): Promise<NeighbourRun> {
  const image = await buildHypervisorSystemFrom(testNeighbours, { outRoot: OUT });
  const traceFile = join(image.dir, 'neighbours-trace.txt');
  rmSync(traceFile, { force: true });
  const [monitorPort] = await pickFreePorts(1);
  const vm = await launch({
    elf: image.elf,
    icount: { shift: 0, sleep: false },
    timeoutMs: WALL_LIMIT_MS + 10_000,
    extraArgs: ['-S', ...monitorArguments(monitorPort)],
    uartFiles: { uart3: traceFile },
  });
  const can: CanMessage[] = [];
  let bus: SlcanClient | undefined;
  try {
    const uart1 = vm.ports.uart1;
    if (uart1 === undefined) throw new Error('QEMU has no TCP port for uart1');
    bus = await SlcanClient.connect(loopbackHost, uart1, { timeoutMs: 5000 });
    bus.on('frame', (frame) => can.push(frame));
    await resumeThroughMonitor(monitorPort);
    await vm.expect(/^\[attacker\] attacker: phase 0/m, { timeoutMs: 20_000 });
    await bus.open({ timestamps: false });
    await vm.expect(/^\[victim\] victim: done$/m, { timeoutMs: WALL_LIMIT_MS });
  } catch (error) {
    throw new Error(`${(error as Error).message}\nconsole:\n${vm.output().slice(-4000)}`);
  } finally {
    await bus?.end().catch(() => {});
    await vm.kill();
  }
  const text = existsSync(traceFile) ? readFileSync(traceFile, 'latin1') : '';
  const records = parseTrace(text.slice(0, text.lastIndexOf('\n') + 1));
  const slots = [
    ...vm.output().matchAll(/^\[victim\] victim: slot (\d+) tick (\d+) start (\d+) end (\d+)$/gm),
  ].map((m) => ({ index: Number(m[1]), tick: Number(m[2]), start: Number(m[3]), end: Number(m[4]) }));
  writeFileSync(join(image.dir, 'neighbours-console.txt'), vm.output(), 'latin1');
  return { image, console: vm.output(), records, can, slots };
}

const phaseOf = (tick: number): number => Math.floor(tick / NEIGHBOURS_PHASE_TICKS);
const spread = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];

describe('robustness on QEMU: a misbehaving neighbour takes no time, records or CPU state (icount)', function () {
  this.timeout(300_000);
  let run: NeighbourRun;
  /** Victim slots that began at a window start of a complete slot (the first and last are partial). */
  let measured: Slot[];
  /** The clock's microseconds per hypervisor tick and the offset of tick 0, fitted over the quiet
   *  phase (least squares); a slot's residual is how far its start lies from that line. */
  let perTick: number;
  let origin: number;
  const residual = (s: Slot): number => Math.round(s.start - (origin + perTick * s.tick));
  /** The quiet phase's residual and length ranges. */
  let quietOffset: [number, number];
  let quietLength: [number, number];
  const outcomes = new Map<string, string>();
  const failures = new Map<string, number>();

  before(async function () {
    requireQemuForTests();
    run = await runNeighbours();
    measured = run.slots.slice(1, -1);
    const quiet = measured.filter((s) => phaseOf(s.tick) === 0);
    assert.ok(quiet.length >= 15, `quiet slots measured: ${quiet.length}`);
    const n = quiet.length;
    const meanTick = quiet.reduce((a, s) => a + s.tick, 0) / n;
    const meanStart = quiet.reduce((a, s) => a + s.start, 0) / n;
    perTick =
      quiet.reduce((a, s) => a + (s.tick - meanTick) * (s.start - meanStart), 0) /
      quiet.reduce((a, s) => a + (s.tick - meanTick) ** 2, 0);
    origin = meanStart - perTick * meanTick;
    quietOffset = spread(quiet.map(residual));
    quietLength = spread(quiet.map((s) => s.end - s.start));
  });

  after(() => {
    const entries: ReliabilityEntry[] = PHASES.slice(1).map((phase) => ({
      category: 'attack',
      name: `neighbour VM: ${phase} (beside a victim measuring its slots on its own hardware clock)`,
      count: measured?.filter((s) => PHASES[phaseOf(s.tick)] === phase).length ?? 0,
      outcome: outcomes.get(phase) ?? 'not judged',
      hypervisorFailures: failures.get(phase) ?? (outcomes.has(phase) ? 0 : 1),
      lostMessages: 0,
    }));
    recordReliability({
      suite: 'neighbours',
      title: 'A misbehaving neighbour against time, monitoring and CPU-state isolation (QEMU, icount)',
      entries,
    });
  });

  it('measured a victim slot at every window of every phase, each on its plan tick', () => {
    for (const s of measured) assert.equal(s.tick % FRAME, 0, `slot ${s.index} began at tick ${s.tick}`);
    const ticks = measured.map((s) => s.tick);
    ticks
      .slice(1)
      .forEach((t, i) => assert.equal(t - ticks[i], FRAME, `no victim slot missing after ${ticks[i]}`));
    for (let p = 0; p < PHASES.length; p++)
      assert.ok(measured.filter((s) => phaseOf(s.tick) === p).length >= 15, `phase ${PHASES[p]} measured`);
    assert.ok(quietOffset[1] - quietOffset[0] <= TOLERANCE_US, `quiet residuals ${quietOffset.join(',')}`);
    // QEMU's SP804 period is a little over its load value; a lost tick would be a whole 1000 µs.
    assert.ok(Math.abs(perTick - TICK_US) <= TICK_US / 200, `clock µs per tick ${perTick}`);
  });

  for (let p = 1; p < PHASES.length; p++) {
    const phase = PHASES[p];
    it(`${phase}: every victim slot starts and lasts as in the quiet phase, and no tick is lost`, () => {
      const slots = measured.filter((s) => phaseOf(s.tick) === p);
      const offsets = spread(slots.map(residual));
      const lengths = spread(slots.map((s) => s.end - s.start));
      const late = offsets[1] - quietOffset[0];
      const early = quietOffset[1] - offsets[0];
      const shorter = quietLength[0] - lengths[0];
      const longer = lengths[1] - quietLength[1];
      const worst = Math.max(late, early, shorter, longer);
      failures.set(phase, worst > TOLERANCE_US ? 1 : 0);
      outcomes.set(
        phase,
        `victim's ${slots.length} slots: start ${offsets[0]}..${offsets[1]} µs from the quiet phase's clock line (quiet ${quietOffset[0]}..${quietOffset[1]}), ` +
          `length ${lengths[0]}..${lengths[1]} µs (quiet ${quietLength[0]}..${quietLength[1]}), ` +
          (late >= TICK_US / 2 ? `about ${Math.round(late / TICK_US)} ticks lost` : 'no tick lost'),
      );
      assert.ok(worst <= TOLERANCE_US, `${phase}: ${outcomes.get(phase)}`);
      assert.ok(lengths[0] >= VICTIM_TICKS * TICK_US - 200, `the victim kept its ${VICTIM_TICKS} ticks`);
    });
  }

  it('the attacks happened: restarts, escaped console output, CAN frames, floods, upcalls', () => {
    const restarting = run.records.filter(
      (r) => r.kind === 'V' && r.vm === ATTACKER && r.a === VmState.Restarting && phaseOf(r.tick) === 2,
    );
    assert.ok(restarting.length >= 3, `cold self-restarts in the restart phase: ${restarting.length}`);
    assert.ok(
      run.console.includes('\\x1b[2J\\x1b[H\\x0d\\x08\\x08\\x08\\x9b31mforged\\x7f'),
      'the attacker console flood, escaped',
    );
    assert.ok(
      run.can.filter((f) => f.id === NEIGHBOURS_FLOOD_CAN_ID).length >= 100,
      `CAN frames ${run.can.length}`,
    );
    const upcalls = run.records.filter((r) => r.kind === 'U' && r.vm === ATTACKER && phaseOf(r.tick) === 7);
    assert.ok(upcalls.length >= 10, `upcalls in the upcall phase: ${upcalls.length}`);
  });

  it('no terminal control byte of a guest reaches the console', () => {
    const raw = [...run.console].filter((c) => {
      const code = c.charCodeAt(0);
      return (code < 0x20 && c !== '\n' && c !== '\t') || code >= 0x7f;
    });
    assert.deepEqual(raw.slice(0, 5), [], 'the console holds printable text, tabs and newlines only');
    const victimLines = run.console.split('\n').filter((l) => l.includes('victim: '));
    for (const line of victimLines)
      assert.match(line, /^\[victim\] victim: /, `a victim line stands alone: ${line}`);
  });

  it("the victim's TPIDRURW, APSR GE/Q, endianness, FPSCR, VFP registers and exclusive monitor were never touched", () => {
    const m = /^\[victim\] victim: tpidrurw (\d+) exclusive (\d+)\/(\d+) state (\d+)$/m.exec(run.console);
    assert.ok(m !== null, 'the victim reported its CPU-state checks');
    assert.equal(Number(m[1]), 0, 'TPIDRURW read back another value');
    assert.equal(Number(m[2]), 0, 'a store-exclusive succeeded across a switch');
    assert.ok(Number(m[3]) >= 10, `load-exclusives spanning a switch: ${m[3]}`);
    assert.equal(Number(m[4]), 0, 'GE, Q, E, FPSCR or d15 read back another value');
  });

  it("the victim's fault-log entry survived the flood; only the attacker lost records", () => {
    const entry = /^\[victim\] victim: faultlog OK seq 0 who (\w+) detail (\w+) logged (\d+)$/m.exec(
      run.console,
    );
    assert.ok(
      entry !== null,
      `the victim read its entry back: ${run.console.match(/victim: faultlog.*/)?.[0]}`,
    );
    assert.equal(parseInt(entry[1], 16) & 0xff, VICTIM);
    assert.ok(Number(entry[3]) > 100, `entries logged in all: ${entry[3]}`);
    const losses = [
      ...run.console.matchAll(/^\[victim\] victim: losses (\d+) faultlog (\d+) trace (\d+)$/gm),
    ].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
    assert.deepEqual(
      losses.find(([vm]) => vm === VICTIM),
      [VICTIM, 0, 0],
      'the victim lost nothing',
    );
    const attacker = losses.find(([vm]) => vm === ATTACKER)!;
    assert.ok(attacker[1] > 0 && attacker[2] > 0, `the attacker's own losses: ${attacker.join(',')}`);
  });

  it('the trace kept every planned slot switch; records were dropped in the attacker share only', () => {
    const last = run.records.at(-1)?.tick ?? 0;
    const switches = new Set(run.records.filter((r) => r.kind === 'S').map((r) => `${r.tick}:${r.vm}`));
    for (let t = FRAME; t + FRAME <= last; t += FRAME) {
      assert.ok(switches.has(`${t}:${VICTIM}`), `switch to the victim at tick ${t}`);
      assert.ok(switches.has(`${t + 4}:${ATTACKER}`), `switch to the attacker at tick ${t + 4}`);
    }
    // While the victim measured (its report afterwards is a burst of its own records beyond its share).
    const measuredEnd = measured.at(-1).tick + FRAME;
    const lost = run.records.filter((r) => r.kind === 'X' && r.tick < measuredEnd);
    assert.deepEqual(
      [...new Set(lost.map((r) => r.vm))].filter((vm) => vm !== ATTACKER),
      [],
    );
  });

  it('the self-checks found nothing wrong', () => {
    assert.match(run.console, /^hv: invariants ok \d+$/m);
    assert.doesNotMatch(run.console, /hv: invariant .* failed|invariants FAILED/);
  });
});
