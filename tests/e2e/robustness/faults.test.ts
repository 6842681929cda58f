// Fault injection on QEMU (-icount shift=0), system systems/test-faults.ts: alpha is the VM faults are
// injected into, beta (fault-reader) prints the fault log and must keep every slot. Each case asserts
// the health monitor's record (trace, fault log as a privileged guest reads it, console), the policy
// action and the neighbour's unchanged schedule:
//   - crash loop: a guest that faults at start is cold-restarted up to the limit, then halted;
//   - watchdog: a guest that never kicks its watchdog is restarted at each expiry, then halted;
//   - image integrity at boot: a byte of alpha's pristine copy flipped in the ELF file → not started;
//   - image integrity at cold restart: the pristine copy corrupted through the gdb stub while the
//     guest runs → the restart is refused, alpha stays halted;
//   - interrupt storm: the host floods UART2 while alpha acknowledges without draining → the interrupt
//     is masked after its per-frame budget, `irq-storm` is logged, beta's slots are the same as
//     without the storm;
//   - stack canary: the SVC stack's canary, and the idle thread stack's, overwritten through the gdb
//     stub → the self-check reports it (`hv: invariant stack-canary failed`; the idle stack's at the
//     next major-frame start) and the VMs run on.
// Every injected fault is recorded with recordReliability (suite `faults`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

import { HealthAction, HealthEvent } from '../../../firmware/core/tables.ts';
import testFaults, {
  FAULTS_IRQ_BUDGET,
  FAULTS_REPORT_TICKS,
  FAULTS_RESTART_LIMIT,
  FAULTS_WATCHDOG_TICKS,
} from '../../../systems/test-faults.ts';
import { readElfImage } from '../helpers/elf-image.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';
import { scheduleViolations } from '../hypervisor/helpers/traced-boot.ts';
import { recordReliability, type ReliabilityEntry } from '../../reliability/record.ts';
import {
  ALPHA,
  buildFaults,
  corruptElfByte,
  FAULTS_OUT_ROOT,
  invariantReports,
  printedFaults,
  readerSlots,
  runTraced,
  type FaultRun,
  type PrintedFault,
} from './faults-support.ts';

const NO_VM = 0xff;
const TICKS = 36;
/** The run without injection, the reference of the storm run's neighbour timing. */
const QUIET_TICKS = 600;
/** The watchdog case runs longer: four expiries 12 ticks apart. */
const WATCHDOG_RUN_TICKS = 54;
/** GIC interrupt ID of UART2 (board IRQ 14). */
const UART2_GIC_ID = 32 + 14;
const FRAME = testFaults.plans[0].majorFrame;
/** Offset inside alpha's image of the byte the integrity cases flip. */
const CORRUPT_OFFSET = 0x40;

const entries: ReliabilityEntry[] = [];

function hex8(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

function alphaFaults(run: FaultRun): [number, number][] {
  return run.trace.filter((r) => r.kind === 'F' && r.vm === ALPHA).map((r) => [r.tick, r.a]);
}

function alphaActions(run: FaultRun): number[] {
  return run.trace.filter((r) => r.kind === 'A' && r.vm === ALPHA).map((r) => r.a);
}

/** beta's slot lines of the traced ticks (QEMU runs on a little after the trace has reached them). */
function betaSlotsBefore(run: FaultRun, ticks = TICKS): [number, number][] {
  return readerSlots(run.console).filter(([, tick]) => tick < ticks - FRAME);
}

/** Checks what every case shares: beta kept every slot and printed one line per slot, and the
 *  hypervisor's self-checks passed (reports present, no failure line). */
function assertNeighbourAndSelfChecks(run: FaultRun, expectInvariantsOk = true): void {
  const ticks = run.ticks;
  assert.deepEqual(scheduleViolations(testFaults, run.trace, ticks), []);
  const betaSlots = readerSlots(run.console);
  const betaWindowStarts = Array.from({ length: Math.ceil(ticks / FRAME) }, (_, i) => i * FRAME + 2).filter(
    (t) => t < ticks - FRAME,
  );
  assert.deepEqual(
    betaSlots.slice(0, betaWindowStarts.length).map(([, tick]) => tick),
    betaWindowStarts,
    'beta printed at the start of each of its slots',
  );
  if (expectInvariantsOk) {
    assert.doesNotMatch(run.console, /^hv: invariant /m);
    assert.ok(
      invariantReports(run.console).length >= 1,
      `no invariant report by tick ${FAULTS_REPORT_TICKS}`,
    );
  }
}

function imageBytes(elfDir: string): Buffer {
  return readFileSync(join(elfDir, 'embed', 'vm0_image.bin'));
}

describe('fault injection on QEMU: crash loops, watchdog, image integrity, interrupt storm, stack canary', function () {
  this.timeout(120_000);
  before(() => requireQemuForTests());
  after(() => {
    recordReliability({
      suite: 'faults',
      title: 'Fault injection (crash loops, watchdog, image integrity, interrupt storm, stack canary)',
      entries,
    });
  });

  it('a guest that faults at start is cold-restarted up to the limit, then halted; beta keeps its slots', async () => {
    const image = await buildFaults('test/crash-at-start');
    const run = await runTraced(image.elf, TICKS);
    const starts = [...run.console.matchAll(/^\[alpha\] crash: start (\d+)$/gm)].map((m) => Number(m[1]));
    assert.deepEqual(starts, [0, 1, 2, 3]);
    assert.doesNotMatch(run.console, /NOT STOPPED/);
    assert.deepEqual(
      alphaFaults(run).map(([, event]) => event),
      new Array(FAULTS_RESTART_LIMIT + 1).fill(HealthEvent.UndefinedInstruction),
    );
    assert.deepEqual(alphaActions(run), [
      HealthAction.ColdRestart,
      HealthAction.ColdRestart,
      HealthAction.ColdRestart,
      HealthAction.Halt,
    ]);
    assert.match(
      run.console,
      new RegExp(`^hv: alpha halted: restart limit ${FAULTS_RESTART_LIMIT} reached$`, 'm'),
    );
    // One hypervisor console line per fault, with the faulting address the trace recorded.
    const faultLines = [
      ...run.console.matchAll(
        /^hv: vm0 'alpha': undefined-instruction at 0x([0-9a-f]{8}), (cold restart \(\d\/3\)|halted)$/gm,
      ),
    ];
    assert.deepEqual(
      faultLines.map((m) => m[2]),
      ['cold restart (1/3)', 'cold restart (2/3)', 'cold restart (3/3)', 'halted'],
    );
    assert.deepEqual(
      faultLines.map((m) => parseInt(m[1], 16)),
      run.trace.filter((r) => r.kind === 'F' && r.vm === ALPHA).map((r) => r.b),
    );
    assert.deepEqual(
      printedFaults(run.console).map((f) => [f.vm, f.event, f.action, f.restarts]),
      [
        [ALPHA, HealthEvent.UndefinedInstruction, HealthAction.ColdRestart, 1],
        [ALPHA, HealthEvent.UndefinedInstruction, HealthAction.ColdRestart, 2],
        [ALPHA, HealthEvent.UndefinedInstruction, HealthAction.ColdRestart, 3],
        [ALPHA, HealthEvent.UndefinedInstruction, HealthAction.Halt, 3],
      ],
    );
    assertNeighbourAndSelfChecks(run);
    entries.push({
      category: 'fault',
      name: 'crash loop: guest executes an undefined instruction at every start',
      count: starts.length,
      outcome: `contained: ${FAULTS_RESTART_LIMIT} cold restarts then halted (restart limit), neighbour missed 0 slots, invariants ok`,
      hypervisorFailures: 0,
      lostMessages: 0,
    });
  });

  it('a guest that never kicks its watchdog is restarted at each expiry, then halted', async () => {
    const image = await buildFaults('test/spin');
    const run = await runTraced(image.elf, WATCHDOG_RUN_TICKS);
    // Armed at each start for 8 ticks; checked while alpha owns its slot (ticks 0-1 of each 6-tick
    // frame): started at tick 0, expiries are seen at ticks 12, 24, 36 (restarts) and 48 (halt).
    const expiryTicks = [12, 24, 36, 48];
    assert.deepEqual(
      alphaFaults(run),
      expiryTicks.map((tick) => [tick, HealthEvent.Watchdog]),
    );
    assert.deepEqual(alphaActions(run), [
      HealthAction.ColdRestart,
      HealthAction.ColdRestart,
      HealthAction.ColdRestart,
      HealthAction.Halt,
    ]);
    assert.equal(run.console.match(/^\[alpha\] spin: start$/gm)?.length, 4);
    assert.deepEqual(
      printedFaults(run.console).map((f) => [f.tick, f.event, f.action, f.detail]),
      expiryTicks.map((tick, i) => [
        tick,
        HealthEvent.Watchdog,
        i < FAULTS_RESTART_LIMIT ? HealthAction.ColdRestart : HealthAction.Halt,
        tick - 2 * FRAME + FAULTS_WATCHDOG_TICKS, // the missed deadline
      ]),
    );
    assert.match(run.console, /^hv: alpha halted: restart limit 3 reached$/m);
    assert.deepEqual(
      [...run.console.matchAll(/^hv: vm0 'alpha': watchdog, .*$/gm)].map((m) => m[0]),
      [
        "hv: vm0 'alpha': watchdog, cold restart (1/3)",
        "hv: vm0 'alpha': watchdog, cold restart (2/3)",
        "hv: vm0 'alpha': watchdog, cold restart (3/3)",
        "hv: vm0 'alpha': watchdog, halted",
      ],
    );
    assertNeighbourAndSelfChecks(run);
    entries.push({
      category: 'fault',
      name: 'watchdog expiry: guest spins without kicking its watchdog',
      count: expiryTicks.length,
      outcome: `contained: watchdog event at each expiry (ticks ${expiryTicks.join(', ')}), 3 cold restarts then halted, neighbour missed 0 slots`,
      hypervisorFailures: 0,
      lostMessages: 0,
    });
  });

  describe('with the healthy uart-storm guest in alpha', () => {
    let elf = '';
    let dir = '';
    let pristine = 0;
    let quiet: FaultRun;

    before(async () => {
      const image = await buildFaults('test/uart-storm');
      elf = image.elf;
      dir = image.dir;
      pristine = image.placements[ALPHA].pristine;
      // Started halted like the injected runs (the gdb stub attaches and detaches), nothing injected;
      // long enough to compare with the storm run.
      quiet = await runTraced(elf, QUIET_TICKS, { gdbCommands: [] });
    });

    it('runs quietly without injection: no health event, alpha and beta print every slot', () => {
      assert.deepEqual(
        quiet.trace.filter((r) => r.kind === 'F'),
        [],
      );
      assert.ok((quiet.console.match(/^\[alpha\] storm: slot \d+ tick \d+ upcalls 0$/gm)?.length ?? 0) >= 5);
      assertNeighbourAndSelfChecks(quiet);
    });

    it('refuses at boot a VM whose pristine image copy was corrupted in the ELF file', async () => {
      const bin = imageBytes(dir);
      const expected = crc32(bin) >>> 0;
      const corruptedBin = Buffer.from(bin);
      corruptedBin[CORRUPT_OFFSET] = corruptedBin[CORRUPT_OFFSET] ^ 0xff;
      const actual = crc32(corruptedBin) >>> 0;
      const corrupted = join(FAULTS_OUT_ROOT, 'runs', 'integrity-boot.elf');
      corruptElfByte(elf, corrupted, pristine + CORRUPT_OFFSET);
      const run = await runTraced(corrupted, TICKS);
      assert.match(
        run.console,
        new RegExp(
          `^hv: alpha image integrity check failed: digest ${hex8(actual)} expected ${hex8(expected)}, not started$`,
          'm',
        ),
      );
      assert.doesNotMatch(run.console, /^\[alpha\]/m, 'alpha never ran');
      assert.deepEqual(alphaFaults(run), [[0, HealthEvent.Integrity]]);
      assert.deepEqual(alphaActions(run), [HealthAction.Halt]);
      assert.deepEqual(printedFaults(run.console), [
        {
          seq: 0,
          tick: 0,
          vm: ALPHA,
          event: HealthEvent.Integrity,
          action: HealthAction.Halt,
          address: expected,
          detail: actual,
          restarts: 0,
        },
      ]);
      assertNeighbourAndSelfChecks(run);
      assert.deepEqual(betaSlotsBefore(run), betaSlotsBefore(quiet), 'beta ran exactly as in the quiet run');
      entries.push({
        category: 'fault',
        name: 'corrupted guest image: one byte of the pristine copy flipped in the built image',
        count: 1,
        outcome: `refused at boot: integrity event (expected ${hex8(expected)}, found ${hex8(actual)}), VM left halted, neighbour ran as without the fault`,
        hypervisorFailures: 0,
        lostMessages: 0,
      });
    });

    it('masks a storming passed-through interrupt after its per-frame budget and logs irq-storm; beta keeps its timing', async () => {
      // The flood reaches the UART at a virtual time that depends on the host: run until beta has
      // printed 3 irq-storm entries of the fault log. (The trace ring may drop records during a storm,
      // counted in `X` records; the fault log is the health monitor's record.)
      const stormFaults = (console: string): PrintedFault[] =>
        printedFaults(console).filter((f) => f.event === HealthEvent.IrqStorm);
      const run = await runTraced(elf, TICKS, {
        gdbCommands: [],
        uart2Flood: Buffer.alloc(4096, 0x55),
        until: (_trace, console) => stormFaults(console).length >= 3,
      });
      const faults = stormFaults(run.console);
      assert.ok(faults.length >= 3, `irq-storm entries: ${faults.length}`);
      assert.ok(
        faults.every(
          (f) =>
            f.vm === ALPHA &&
            f.action === HealthAction.Log &&
            f.address === UART2_GIC_ID &&
            f.detail === FAULTS_IRQ_BUDGET + 1,
        ),
        JSON.stringify(faults),
      );
      assert.deepEqual(
        faults.map((f) => f.tick % FRAME),
        faults.map(() => faults[0].tick % FRAME),
        'one storm per frame, at the same point of each frame',
      );
      const storms = run.trace.filter((r) => r.kind === 'F' && r.a === HealthEvent.IrqStorm);
      assert.ok(storms.every((r) => r.vm === ALPHA && r.b === UART2_GIC_ID));
      assert.deepEqual(
        alphaActions(run).filter((a) => a !== HealthAction.Log),
        [],
        'a storm is only logged',
      );
      // Per major frame: at most the budget forwarded (upcalls), then masked until the next frame.
      const frames = new Map<number, { irqs: number; upcalls: number }>();
      for (const r of run.trace) {
        const frame = Math.floor(r.tick / FRAME);
        const counts = frames.get(frame) ?? { irqs: 0, upcalls: 0 };
        if (r.kind === 'I' && r.a === UART2_GIC_ID) counts.irqs++;
        if (r.kind === 'U' && r.vm === ALPHA) counts.upcalls++;
        frames.set(frame, counts);
      }
      for (const [frame, counts] of frames) {
        assert.ok(counts.upcalls <= FAULTS_IRQ_BUDGET, `frame ${frame}: ${counts.upcalls} upcalls`);
        assert.ok(
          counts.irqs <= FAULTS_IRQ_BUDGET + 2,
          `frame ${frame}: ${counts.irqs} interrupts reached the hypervisor`,
        );
      }
      const upcalls = [...run.console.matchAll(/^\[alpha\] storm: slot \d+ tick \d+ upcalls (\d+)$/gm)].map(
        (m) => Number(m[1]),
      );
      assert.ok(upcalls.length >= 5 && upcalls[upcalls.length - 1] > 0, 'alpha kept running and got upcalls');
      // The neighbour's timing is the quiet run's: same slot switches, same slot lines.
      const window = Math.min(run.ticks, QUIET_TICKS);
      const switches = (r: FaultRun): string[] =>
        r.trace.filter((t) => t.kind === 'S' && t.tick < window).map((t) => `${t.tick}:${t.vm}`);
      assert.deepEqual(switches(run), switches(quiet));
      // The storm run stops when its console shows the third irq-storm entry, so its last frame's lines
      // may still be in the UART when the trace ends: beta's slot lines are compared one frame short of it.
      assert.deepEqual(betaSlotsBefore(run, window - FRAME), betaSlotsBefore(quiet, window - FRAME));
      assertNeighbourAndSelfChecks(run);
      entries.push({
        category: 'fault',
        name: 'interrupt storm: host floods the passed-through UART2, the guest acknowledges without draining',
        count: run.trace.filter((r) => r.kind === 'I' && r.a === UART2_GIC_ID).length,
        outcome: `contained: masked after ${FAULTS_IRQ_BUDGET} interrupts per major frame, ${faults.length} irq-storm events logged, neighbour slot switches identical to the run without storm`,
        hypervisorFailures: 0,
        lostMessages: 0,
      });
    });

    it('reports an overwritten stack canary of the SVC stack and keeps running', async () => {
      const symbols = readElfImage(elf).symbols;
      const top = symbols.get('__stack_svc_top')?.value;
      const size = symbols.get('BH_STACK_SIZE_SVC')?.value;
      assert.ok(top !== undefined && size !== undefined, 'stack symbols in the ELF');
      const canary = top - size;
      const run = await runTraced(elf, TICKS, {
        gdbCommands: ['break bsp_handle_svc', 'continue', `set {unsigned int}${hex8(canary)} = 0`],
      });
      assert.match(run.console, /^hv: invariant stack-canary failed 0x00000001$/m);
      assert.equal(run.console.match(/^hv: invariant /gm)?.length, 1, 'reported once');
      assert.match(run.console, /^hv: invariants FAILED \d+ of \d+$/m);
      const internal = run.trace.filter((r) => r.kind === 'F' && r.vm === NO_VM);
      assert.deepEqual(
        internal.map((r) => [r.a, r.b]),
        [[HealthEvent.InternalError, 0]],
      );
      assert.deepEqual(
        printedFaults(run.console).map((f) => [f.vm, f.event, f.action, f.detail]),
        [[NO_VM, HealthEvent.InternalError, HealthAction.Log, 1]],
      );
      assert.ok((run.console.match(/^\[alpha\] storm: slot/gm)?.length ?? 0) >= 5, 'alpha ran on');
      assertNeighbourAndSelfChecks(run, false);
      entries.push({
        category: 'fault',
        name: 'hypervisor stack overflow marker: SVC stack canary overwritten through the debugger',
        count: 1,
        outcome:
          'detected by the self-checks at the next tick: "hv: invariant stack-canary failed", internal-error logged, VMs kept running',
        hypervisorFailures: 0,
        lostMessages: 0,
      });
    });
    it('reports an overwritten stack canary of the idle thread at a major-frame start and keeps running', async () => {
      const stack = readElfImage(elf).symbols.get('port_idle_stack');
      assert.ok(stack !== undefined, 'idle stack symbol in the ELF');
      // At the first hypercall the core has initialised (and the idle stack's canary is planted).
      const run = await runTraced(elf, TICKS, {
        gdbCommands: ['break bsp_handle_svc', 'continue', `set {unsigned int}${hex8(stack.value)} = 0`],
      });
      assert.match(run.console, /^hv: invariant stack-canary failed 0x00000040$/m);
      assert.equal(run.console.match(/^hv: invariant /gm)?.length, 1, 'reported once');
      const internal = run.trace.filter((r) => r.kind === 'F' && r.vm === NO_VM);
      assert.deepEqual(
        internal.map((r) => [r.a, r.b]),
        [[HealthEvent.InternalError, 0]],
      );
      assert.equal(internal[0].tick % FRAME, 0, `found at a major-frame start (tick ${internal[0].tick})`);
      assert.ok(internal[0].tick <= 2 * FRAME, `found within two frames (tick ${internal[0].tick})`);
      assert.deepEqual(
        printedFaults(run.console).map((f) => [f.vm, f.event, f.action, f.detail]),
        [[NO_VM, HealthEvent.InternalError, HealthAction.Log, 1 << 6]],
      );
      assert.ok((run.console.match(/^\[alpha\] storm: slot/gm)?.length ?? 0) >= 5, 'alpha ran on');
      assertNeighbourAndSelfChecks(run, false);
      entries.push({
        category: 'fault',
        name: 'idle thread stack overflow marker: idle stack canary overwritten through the debugger',
        count: 1,
        outcome: `detected by the self-checks at the major-frame start (tick ${internal[0].tick}): "hv: invariant stack-canary failed 0x00000040", internal-error logged, VMs kept running`,
        hypervisorFailures: 0,
        lostMessages: 0,
      });
    });
  });

  it('refuses a cold restart from a pristine copy corrupted at run time (gdb stub); alpha stays halted', async () => {
    const image = await buildFaults('test/crash-at-start');
    const pristine = image.placements[ALPHA].pristine;
    const bin = imageBytes(image.dir);
    const expected = crc32(bin) >>> 0;
    const flipped = bin[CORRUPT_OFFSET] ^ 0xff;
    const corruptedBin = Buffer.from(bin);
    corruptedBin[CORRUPT_OFFSET] = flipped;
    const actual = crc32(corruptedBin) >>> 0;
    // At alpha's first undefined instruction (the boot check has passed), corrupt the pristine copy.
    const run = await runTraced(image.elf, TICKS, {
      gdbCommands: [
        'break bsp_handle_undefined',
        'continue',
        `set {unsigned char}${hex8(pristine + CORRUPT_OFFSET)} = ${flipped}`,
      ],
    });
    assert.deepEqual(
      [...run.console.matchAll(/^\[alpha\] crash: start (\d+)$/gm)].map((m) => Number(m[1])),
      [0],
      'alpha was never started again',
    );
    assert.match(
      run.console,
      new RegExp(
        `^hv: alpha image integrity check failed: digest ${hex8(actual)} expected ${hex8(expected)}, not started$`,
        'm',
      ),
    );
    assert.deepEqual(
      alphaFaults(run).map(([, event]) => event),
      [HealthEvent.UndefinedInstruction, HealthEvent.Integrity],
    );
    const faults = printedFaults(run.console);
    assert.deepEqual(
      faults.map((f) => [f.vm, f.event, f.action]),
      [
        [ALPHA, HealthEvent.UndefinedInstruction, HealthAction.ColdRestart],
        [ALPHA, HealthEvent.Integrity, HealthAction.Halt],
      ],
    );
    assert.deepEqual([faults[1].address, faults[1].detail], [expected, actual], 'expected and found digests');
    assertNeighbourAndSelfChecks(run);
    entries.push({
      category: 'fault',
      name: 'corrupted guest image at run time: pristine copy overwritten through the debugger before a cold restart',
      count: 1,
      outcome: `refused at cold restart: integrity event (expected ${hex8(expected)}, found ${hex8(actual)}), VM left halted, neighbour missed 0 slots`,
      hypervisorFailures: 0,
      lostMessages: 0,
    });
  });
});
