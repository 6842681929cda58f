// Benchmarks (bench/run.ts) end to end: builds the real bench systems with the cross toolchain, runs
// every measurement except the generated-code one (tests/bench/codegen.test.ts has its own) in QEMU
// with a reduced sample count, writes the JSON and the report to a scratch folder, checks the JSON's
// shape and numbers (every key, min <= median <= max, samples, positive sizes; a masked path for every
// hypercall of the ABI, the tick and the restart steps; the comparable keys on mps3-an536 beside them),
// that a second run of a cheap subset and of the
// masked paths gives identical numbers (determinism), the check a full run must pass (>= 1000 samples),
// and the parsers (ld map, .su, disassembly, QEMU exec log, call sites, tick and masked segments) on
// known input.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { CallSiteCounter, hypercallNumberOf } from '../../bench/call-sites.ts';
import { ElfSymbols, parseObjdumpInstructions } from '../../bench/elf-symbols.ts';
import { dfilterArgument, pcsOfExecLog, RepeatFilter } from '../../bench/exec-log.ts';
import { parseMap } from '../../bench/footprint.ts';
import { CALLS, roundTripsFromExecLog, summarize } from '../../bench/hypercall-null.ts';
import { instructionRanges } from '../../bench/masked-paths.ts';
import { abiHypercalls, MaskedSegmenter, type MaskedPoints } from '../../bench/masked-segments.ts';
import { main } from '../../bench/run.ts';
import {
  ALL_KEYS,
  BOARD_KEYS,
  FULL_SAMPLES,
  MESSAGE_SIZES,
  resultProblems,
  SIZED_KEYS,
  type BenchResults,
} from '../../bench/results.ts';
import { fitLine } from '../../bench/scaling.ts';
import { ENTRY_POINTS, parseDisassembly, parseStackUsage, registeredFunctions } from '../../bench/stack.ts';
import { MASKED_RESTARTS } from '../../bench/systems.ts';
import { classifyInstruction, TickSegmenter, type HypervisorPoints } from '../../bench/tick-segments.ts';

const SCRATCH = resolve('out/tests/bench');
/** Samples per latency key in the test runs (a full run takes FULL_SAMPLES). */
const TEST_SAMPLES = 20;
/** Every key but codegen, which tests/bench/codegen.test.ts measures. */
const TEST_KEYS = ALL_KEYS.filter((key) => key !== 'codegen');
/** Keys of the determinism runs: cheap, and covering the tick path and a hypercall with device output. */
const DETERMINISM_KEYS = ['vm_switch', 'vcan_send'] as const;

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

async function runOnce(
  tag: string,
  keys: readonly string[],
): Promise<{ results: BenchResults; report: string }> {
  const json = join(SCRATCH, `${tag}.json`);
  const report = join(SCRATCH, `${tag}.md`);
  rmSync(json, { force: true });
  const args = [
    '--quick',
    '--samples',
    String(TEST_SAMPLES),
    '--only',
    keys.join(','),
    '--json',
    json,
    '--report',
    report,
  ];
  assert.equal(await main(args), 0);
  assert.ok(existsSync(json) && existsSync(report));
  return {
    results: JSON.parse(readFileSync(json, 'utf8')) as BenchResults,
    report: readFileSync(report, 'utf8'),
  };
}

describe('bench: every measurement in a reduced-sample run', function () {
  this.timeout(600_000);
  let first: { results: BenchResults; report: string };

  before(async () => {
    first = await runOnce('first', TEST_KEYS);
  });

  it('produces every key it was asked for, each sound', () => {
    assert.deepEqual(first.results.notMeasured, ['codegen']);
    assert.deepEqual(resultProblems(first.results, TEST_SAMPLES), []);
    for (const key of SIZED_KEYS) {
      assert.deepEqual(Object.keys(first.results[key]!).sort(), MESSAGE_SIZES.map(String).sort(), key);
    }
  });

  it('reports the hypervisor footprint as positive byte counts, modules adding up to text + rodata', () => {
    const f = first.results.footprint!;
    for (const key of ['text', 'rodata', 'data', 'bss'] as const) {
      assert.ok(isPositiveInteger(f[key]), `footprint.${key} = ${f[key]}`);
    }
    assert.ok(Number.isInteger(f.ramPerVm) && f.ramPerVm >= 0, `ramPerVm = ${f.ramPerVm}`);
    assert.ok(f.perModule.length > 3);
    for (const m of f.perModule) {
      assert.ok(Number.isInteger(m.text) && Number.isInteger(m.rodata) && m.text + m.rodata > 0, m.module);
    }
    const summed = f.perModule.reduce((sum, m) => sum + m.text + m.rodata, 0);
    // The totals also hold linker alignment padding, a few bytes per section.
    assert.ok(
      summed <= f.text + f.rodata && summed > (f.text + f.rodata) * 0.98,
      `${summed} vs ${f.text + f.rodata}`,
    );
    // Guest images (.partition*) are excluded: the embedded image objects never appear as modules.
    assert.ok(!f.perModule.some((m) => m.module.startsWith('vm0_')));
  });

  it('reports a positive worst-case depth for every entry point, within its mode stack', () => {
    const stack = first.results.stack!;
    const stackDetail = first.results.stackDetail!;
    assert.deepEqual(Object.keys(stack).sort(), [...ENTRY_POINTS].sort());
    for (const entry of ENTRY_POINTS)
      assert.ok(isPositiveInteger(stack[entry]), `${entry} = ${stack[entry]}`);
    for (const e of stackDetail.exceptions) {
      assert.ok(e.depthFromException >= stack[e.hook as (typeof ENTRY_POINTS)[number]]);
      assert.ok(
        e.depthFromException < e.reserved,
        `${e.hook} needs ${e.depthFromException} of ${e.reserved}`,
      );
    }
  });

  it('measures the null hypercall round trip over every call the guest makes', () => {
    const h = first.results.hypercall_null!;
    assert.equal(h.samples, CALLS);
    const breakdown = first.results.hypercallNullDetail!.medianBreakdown;
    assert.equal(
      breakdown.reduce((sum, b) => sum + b.instructions, 0),
      h.median,
    );
    // The round trip goes through the SVC exception stub.
    assert.ok(breakdown.some((b) => b.symbol === 'bh_exception_svc'));
  });

  it('measures switches with the MPU reload of the stated regions, and plain ticks below them', () => {
    const d = first.results.vmSwitchDetail!;
    assert.equal(d.guestRegions, 4);
    assert.ok(d.regionLoads >= d.guestRegions, `region base writes ${d.regionLoads}`);
    const plain = first.results.scaling!.plainTickByVmCount.points[0];
    assert.ok(
      first.results.vm_switch!.median > plain.median,
      `${first.results.vm_switch!.median} vs ${plain.median}`,
    );
    const total = Object.values(d.medianBreakdown).reduce((a, b) => a + b, 0);
    assert.equal(total, first.results.vm_switch!.median);
    assert.ok((d.medianBreakdown['MPU reload'] ?? 0) > 0);
  });

  it('measures the comparable keys on mps3-an536 too, sound and beside realview-eb in the report', () => {
    assert.deepEqual(first.results.comparedBoards, ['mps3-an536']);
    const an536 = first.results.boards!['mps3-an536'];
    assert.deepEqual(an536.notMeasured, []);
    for (const key of BOARD_KEYS) assert.ok(an536[key] !== undefined, key);
    assert.equal(an536.hypercall_null!.samples, CALLS);
    assert.match(an536.hypercallInstruction, /hvc/);
    assert.match(an536.cpu, /cortex-r52/);
    assert.match(an536.qemu, /-M mps3-an536/);
    assert.equal(an536.vmSwitchRegions, 4);
    for (const key of SIZED_KEYS) {
      const bySize = an536[key]!;
      assert.ok(bySize['8'].median < bySize['256'].median, key);
    }
    assert.match(first.report, /## Boards side by side/);
    assert.match(first.report, /\| +\| `realview-eb` +\| `mps3-an536` +\|/);
  });

  it('ends the device interrupt at the registered upcall entry and vcan_send at the last SLCAN byte', () => {
    assert.match(first.results.virqLatencyDetail!.handlerEntry, /bh_virq_entry/);
    const v = first.results.vcan_send!;
    const trip = first.results.vcanSendDetail!.roundTrip;
    // The 22 bytes of the SLCAN line are stored inside the call, before it returns.
    assert.ok(
      v.median + first.results.vcanSendDetail!.slcanBytes < trip.median,
      `${v.median} vs ${trip.median}`,
    );
  });

  it('grows port costs with the message size and fits every scaling series', () => {
    for (const key of SIZED_KEYS) {
      const bySize = first.results[key]!;
      assert.ok(bySize['8'].median < bySize['64'].median && bySize['64'].median < bySize['256'].median, key);
    }
    const s = first.results.scaling!;
    assert.ok(s.queuingSendBySize.fit.slope > 0);
    assert.ok(s.vmSwitchByRegions.points.length >= 2 && s.vmSwitchByRegions.fit.slope >= 0);
    assert.match(first.report, /## Scaling/);
    assert.match(first.report, /hypervisor text \+ rodata ≤ 24 KiB +\| \d+ B/);
    assert.match(first.report, /`vm_switch` ≤ 600 with 4 guest regions +\| median \d+ \(4 regions\)/);
  });

  it('measures the longest masked path of every hypercall, the tick and the restart steps', () => {
    const m = first.results.masked_paths!;
    const entries = Object.keys(m.byEntry);
    for (const name of [...abiHypercalls(), 'tick', 'device_irq', 'restart_step']) {
      assert.ok(entries.includes(name), `${name} missing from ${entries.join(', ')}`);
    }
    for (const [entry, stats] of Object.entries(m.byEntry)) {
      assert.ok(isPositiveInteger(stats.max) && isPositiveInteger(stats.count), entry);
    }
    const largest = Math.max(...Object.values(m.byEntry).map((stats) => stats.max));
    assert.equal(m.longest.instructions, largest);
    assert.equal(m.byEntry[m.longest.entry].max, largest);
    // The restarts the guest made, and the one the restart rate refused.
    assert.equal(m.byEntry.VmRestart.count, MASKED_RESTARTS + 1);
    assert.ok(m.byEntry.restart_step.count >= MASKED_RESTARTS);
    assert.match(first.report, /## Longest masked paths/);
    assert.match(first.report, new RegExp(`Bound: .*\\*\\*${largest} instructions\\*\\*`));
  });

  it('gives the same masked paths on a second run', async () => {
    const again = await runOnce('masked-again', ['masked_paths']);
    assert.deepEqual(again.results.masked_paths, first.results.masked_paths);
  });

  it('gives identical numbers and report on a second run', async () => {
    const again = await runOnce('second', DETERMINISM_KEYS);
    const firstAgain = await runOnce('first-subset', DETERMINISM_KEYS);
    // The same systems as in the run of every key: the same numbers there too.
    for (const key of DETERMINISM_KEYS) assert.deepEqual(again.results[key], first.results[key], key);
    assert.deepEqual(again.results.vmSwitchDetail, first.results.vmSwitchDetail);
    assert.deepEqual(again.results.vcanSendDetail, first.results.vcanSendDetail);
    assert.deepEqual(again.results, firstAgain.results);
    assert.equal(again.report, firstAgain.report);
  });
});

describe('bench: the soundness check of a full run', () => {
  const latency = { min: 10, median: 12, max: 20, samples: FULL_SAMPLES };
  const complete = (): BenchResults => {
    const sized = Object.fromEntries(MESSAGE_SIZES.map((size) => [String(size), { ...latency }]));
    return {
      basis: 'test',
      mode: 'full',
      samplesPerKey: FULL_SAMPLES,
      hypercall_null: { ...latency },
      vm_switch: { ...latency },
      virq_latency: { ...latency },
      vcan_send: { ...latency },
      sampling_write: sized,
      sampling_read: sized,
      queuing_send: sized,
      queuing_receive: sized,
      masked_paths: {
        byEntry: { Version: { max: 150, count: 3 }, tick: { max: 900, count: 40 } },
        longest: { entry: 'tick', instructions: 900 },
      },
      notMeasured: ['footprint', 'stack', 'codegen', 'scaling'],
    };
  };

  it('accepts sound results and names every problem of unsound ones', () => {
    assert.deepEqual(resultProblems(complete(), FULL_SAMPLES), []);
    const few = complete();
    few.vm_switch = { ...latency, samples: FULL_SAMPLES - 1 };
    assert.deepEqual(resultProblems(few, FULL_SAMPLES), [
      `vm_switch.samples: ${FULL_SAMPLES - 1} < ${FULL_SAMPLES}`,
    ]);
    const disordered = complete();
    disordered.queuing_send = { ...disordered.queuing_send, '64': { ...latency, median: 30 } };
    assert.match(
      resultProblems(disordered, FULL_SAMPLES).join('\n'),
      /queuing_send\.64: min 10, median 30, max 20 out of order/,
    );
    const missing = complete();
    delete missing.virq_latency;
    assert.deepEqual(resultProblems(missing, FULL_SAMPLES), ['virq_latency: missing']);
    const noSize = complete();
    noSize.sampling_read = { '8': { ...latency } };
    assert.equal(resultProblems(noSize, FULL_SAMPLES).length, 2);
    const masked = complete();
    masked.masked_paths!.byEntry.Version = { max: 150, count: 0 };
    masked.masked_paths!.longest = { entry: 'Version', instructions: 150 };
    assert.deepEqual(resultProblems(masked, FULL_SAMPLES), [
      'masked_paths.byEntry.Version.count: 0 is not a positive integer',
      'masked_paths.longest: Version 150 is not the largest maximum (900)',
    ]);
    const noEntry = complete();
    noEntry.masked_paths = { byEntry: {}, longest: { entry: 'tick', instructions: 900 } };
    assert.deepEqual(resultProblems(noEntry, FULL_SAMPLES), ['masked_paths.byEntry: no entry']);
  });

  it('checks the second board: every comparable key present, sound and plausible', () => {
    const plausible = { min: 100, median: 120, max: 200, samples: FULL_SAMPLES };
    const sized = Object.fromEntries(MESSAGE_SIZES.map((size) => [String(size), { ...plausible }]));
    const withBoard = (): BenchResults => ({
      ...complete(),
      comparedBoards: ['mps3-an536'],
      boards: {
        'mps3-an536': {
          board: 'mps3-an536',
          cpu: 'cortex-r52',
          hypervisorMode: 'Hyp (EL2)',
          guestMode: 'SYS (EL1)',
          hypercallInstruction: 'hvc',
          qemu: 'qemu-system-arm 10.0.2 -M mps3-an536',
          hypercall_null: { ...plausible },
          vm_switch: { ...plausible },
          virq_latency: { ...plausible },
          sampling_write: sized,
          sampling_read: sized,
          queuing_send: sized,
          queuing_receive: sized,
          footprint: { text: 20000, rodata: 2000, data: 60, bss: 13000, ramPerVm: 800 },
          notMeasured: [],
        },
      },
    });
    assert.deepEqual(resultProblems(withBoard(), FULL_SAMPLES), []);
    const absent = withBoard();
    delete absent.boards;
    assert.deepEqual(resultProblems(absent, FULL_SAMPLES), ['boards.mps3-an536: missing']);
    const bad = withBoard();
    const board = bad.boards!['mps3-an536'];
    delete board.virq_latency;
    board.hypercall_null = { ...plausible, min: 3, median: 3 };
    board.vm_switch = { ...plausible, samples: 10 };
    board.footprint = { ...board.footprint!, text: 0 };
    assert.deepEqual(resultProblems(bad, FULL_SAMPLES), [
      'boards.mps3-an536.virq_latency: missing',
      'boards.mps3-an536.hypercall_null.median: 3 is outside the plausible 20..100000',
      `boards.mps3-an536.vm_switch.samples: 10 < ${FULL_SAMPLES}`,
      'boards.mps3-an536.footprint.text: 0 is not a positive integer',
      'boards.mps3-an536.footprint text + rodata: 2000 is outside the plausible 4096..262144',
    ]);
  });

  it('refuses an unknown key, a bad sample count and an unknown option, naming them', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (message: unknown) => void errors.push(String(message));
    try {
      assert.equal(await main(['--only', 'vm_switch,warp_speed']), 2);
      assert.equal(await main(['--samples', 'many']), 2);
      assert.equal(await main(['--fast']), 2);
      assert.equal(await main(['--boards', 'zx-spectrum']), 2);
    } finally {
      console.error = original;
    }
    assert.match(errors[0], /unknown key 'warp_speed'/);
    assert.match(errors[1], /--samples: 'many' is not a positive integer/);
    assert.match(errors[2], /unknown argument '--fast'/);
    assert.match(errors[3], /--boards: 'zx-spectrum' is not a board/);
  });

  it('fits a line through the medians', () => {
    assert.deepEqual(
      fitLine([
        { x: 1, median: 110 },
        { x: 2, median: 120 },
        { x: 4, median: 140 },
      ]),
      { constant: 100, slope: 10 },
    );
    assert.deepEqual(fitLine([{ x: 3, median: 7 }]), { constant: 7, slope: 0 });
  });
});

describe('bench: parsers', () => {
  it('reads output sections (also when wrapped) and per-object input sections from a GNU ld map', () => {
    const map = [
      'Linker script and memory map',
      '',
      '.text           0x00000040      0x30',
      ' .text.a        0x00000040      0x20 /x/hv-obj/0_a.c.o',
      ' .text.a_very_long_function_name',
      '                0x00000060      0x0c /x/hv-obj/1_b.c.o',
      ' *fill*         0x0000006c       0x4 ',
      '.rodata         0x00000070       0x8',
      ' .rodata        0x00000070       0x8 /x/hv-obj/1_b.c.o',
      '.bss            0x00000080     0x100',
      '.stacks         0x00000180    0x1000',
      '.partition0_image',
      '                0x00100000     0x200',
      ' .partition0.image',
      '                0x00100000     0x200 /x/embed/vm0_image.o',
    ].join('\n');
    const sizes = parseMap(map, ['src/a.c', 'src/b.c']);
    assert.deepEqual(sizes.totals, { text: 0x30, rodata: 8, data: 0, bss: 0x100 });
    assert.deepEqual(sizes.perModule.get('src/a.c'), { text: 0x20, rodata: 0, data: 0, bss: 0 });
    assert.deepEqual(sizes.perModule.get('src/b.c'), { text: 0x0c, rodata: 8, data: 0, bss: 0 });
    assert.equal(sizes.perModule.has('vm0_image'), false);
  });

  it('takes calls, tail calls, prologue frames and indirect calls from a disassembly', () => {
    const fns = parseDisassembly(
      [
        '00000100 <f>:',
        ' 100:\tpush\t{r4, r5, r6, lr}',
        ' 104:\tsub\tsp, sp, #16',
        ' 108:\tbl\t200 <g>',
        ' 10c:\tbeq\t110 <f+0x10>',
        ' 110:\tblx\tr3',
        ' 114:\tldrls\tpc, [pc, r4, lsl #2]',
        ' 118:\tb\t300 <h>',
      ].join('\n'),
    );
    const f = fns.get('f')!;
    assert.deepEqual([...f.calls], ['g']);
    assert.deepEqual([...f.tailCalls], ['h']);
    assert.equal(f.prologueFrame, 4 * 4 + 16);
    assert.deepEqual(f.indirect, ['blx r3']);
  });

  it('counts a round trip from the svc to the instruction after it in a QEMU exec log', () => {
    const line = (pc: number, symbol = ''): string =>
      `Trace 0: 0x7f0000 [00000000/${pc.toString(16).padStart(8, '0')}/00000000/ff200000] ${symbol}`;
    const log = [
      line(0x100570),
      line(0x100580),
      line(0x8, 'bh_vector_table'),
      line(0x100, 'bh_exception_svc'),
      line(0x104, 'bh_exception_svc'),
      line(0x100584),
      line(0x100580),
      line(0x8, 'bh_vector_table'),
      line(0x100584),
    ].join('\n');
    const trips = roundTripsFromExecLog(log, 0x100580);
    assert.deepEqual(
      trips.map((t) => t.instructions),
      [4, 2],
    );
    assert.equal(trips[0].bySymbol.get('bh_exception_svc'), 2);
    assert.deepEqual(summarize([5, 1, 3, 9]), { min: 1, median: 3, max: 9, samples: 4 });
  });

  it('reads .su lines and registered handler names', () => {
    assert.deepEqual(parseStackUsage('a/b.ts:1:2:bus_route.isra\t56\tstatic\n'), [
      { name: 'bus_route.isra', bytes: 56, qualifier: 'static' },
    ]);
    assert.throws(() => parseStackUsage('x.c:1:1:f\tbig\tstatic'), /malformed \.su line/);
    assert.deepEqual(
      registeredFunctions(
        ['bsp_irq_register(bsp_uart_irq_id(u), uart_isr, (void *)0);'],
        'bsp_irq_register',
        1,
      ),
      ['uart_isr'],
    );
  });
  it('reads instruction addresses from QEMU exec-log lines and renders -dfilter ranges', () => {
    const log = [
      'Trace 0: 0x7f0000 [00000000/00100584/00000110/ff200000] main',
      'some other log line',
      'Trace 0: 0x7f0040 [00000400/00000018/00000020/ff020201] bh_vector_table',
      'Trace 0: 0x7f0080 [00000400/zz000018/00000020/ff020201] broken',
      // QEMU 8.1 and later: the pc as 16 hex digits.
      'Trace 0: 0x7f0414000240 [00000400/0000000000000040/00000120/ff022201] bh_reset_handler',
      'Trace 0: 0x7f0414000240 [00000400/0000000100000040/00000120/ff022201] beyond 32 bits',
      'Trace 0: 0x7f0414000240 [00000400/0040/00000120/ff022201] too short',
      // a cs_base wider than 8 digits
      'Trace 0: 0x7f0414000240 [0000000100000400/0000000020000018/00000120/ff022201] bh_vector_table',
    ].join('\n');
    assert.deepEqual(pcsOfExecLog(log), [0x100584, 0x18, 0x40, 0x2000_0018]);
    assert.equal(
      dfilterArgument([
        { start: 0, end: 0x7000 },
        { start: 0x1000d8, end: 0x1000dc },
      ]),
      '0x0..0x6fff,0x1000d8..0x1000db',
    );
    assert.throws(() => dfilterArgument([{ start: 8, end: 8 }]), /empty range/);
  });

  it('counts call-site trips with marked stores, and cuts IRQ segments at the exception return', () => {
    const counter = new CallSiteCounter([{ key: 'send', address: 0x100 }], new Set([0x20]));
    for (const pc of [0x100, 0x8, 0x20, 0x24, 0x20, 0x30, 0x104, 0xfc, 0x100, 0x8, 0x104]) counter.step(pc);
    assert.deepEqual(
      counter.trips.get('send')!.map((t) => [t.instructions, t.marks]),
      [
        [6, [3, 5]],
        [2, []],
      ],
    );
    assert.ok(counter.has(2) && !counter.has(3));
    // The same trace on realview-eb (vectors at 0) and on an Armv8-R board (vectors at HVBAR).
    for (const base of [0, 0x2000_0000]) {
      const points = {
        returns: new Set([base + 0x40]),
        mpuWrites: new Set([base + 0x30, base + 0x34]),
        drbarWrites: new Set([base + 0x34]),
        vectors: { start: base, end: base + 0x20 },
        irqVector: base + 0x18,
        classifier: { classify: (pc: number) => (pc === base + 0x34 ? 3 : 5), functionId: () => 0 },
      } as unknown as HypervisorPoints;
      const segmenter = new TickSegmenter(points);
      // Idle code at 0x100; guests are not logged, so a vector right after a return interrupted a guest.
      const trace = [0x100, 0x18, 0x30, 0x34, 0x40, 0x18, 0x3c, 0x40, 0x100];
      for (const pc of trace) segmenter.step(base + pc);
      assert.deepEqual(
        segmenter.segments.map((s) => [
          s.instructions,
          s.mpuWrites,
          s.regionLoads,
          s.costs[3],
          s.fromGuest,
          s.toGuest,
        ]),
        [
          [4, 2, 1, 1, false, true],
          [3, 0, 0, 0, true, false],
        ],
      );
    }
  });

  it('knows both exception returns, both MPUs and both hypercall instructions', () => {
    const kind = (text: string) => classifyInstruction({ address: 0, text });
    assert.deepEqual(kind('eret'), { ret: true, mpu: false, drbar: false });
    assert.deepEqual(kind('rfeia sp!'), { ret: true, mpu: false, drbar: false });
    assert.deepEqual(kind('ldm r0, {r0-r12}'), { ret: false, mpu: false, drbar: false });
    // PMSAv7 DRBAR and RGNR; PMSAv8-32 HPRBAR, HPRLAR and HPRSELR; the EL1 PRBAR is not the hypervisor's.
    assert.deepEqual(kind('mcr 15, 0, r3, cr6, cr1, {0}'), { ret: false, mpu: true, drbar: true });
    assert.deepEqual(kind('mcr 15, 0, r0, cr6, cr2, {0}'), { ret: false, mpu: true, drbar: false });
    assert.deepEqual(kind('mcr 15, 4, r2, cr6, cr3, {0}'), { ret: false, mpu: true, drbar: true });
    assert.deepEqual(kind('mcr 15, 4, r1, cr6, cr3, {1}'), { ret: false, mpu: true, drbar: false });
    assert.deepEqual(kind('mcr 15, 4, r3, cr6, cr2, {1}'), { ret: false, mpu: true, drbar: false });
    assert.deepEqual(kind('mcr 15, 0, r2, cr6, cr3, {0}'), { ret: false, mpu: false, drbar: false });
    assert.equal(hypercallNumberOf('svc 0x00000000'), 0);
    assert.equal(hypercallNumberOf('svc 0x00000019'), 25);
    assert.equal(hypercallNumberOf('hvc 25'), 25);
    assert.equal(hypercallNumberOf('hvc #4'), 4);
    assert.equal(hypercallNumberOf('bl 20001d70 <bsp_handle_hvc>'), undefined);
  });

  it('counts a vector logged twice in a row (a block re-entered after an interrupt request) once', () => {
    const filter = new RepeatFilter({ start: 0x2000_0000, end: 0x2000_0020 });
    const kept = [0x200006b0, 0x2000_0018, 0x2000_0018, 0x2000_0018 + 4, 0x2000_0100, 0x2000_0100].filter(
      (pc) => filter.keep(pc),
    );
    assert.deepEqual(kept, [0x200006b0, 0x2000_0018, 0x2000_001c, 0x2000_0100, 0x2000_0100]);
    const none = new RepeatFilter(undefined);
    assert.deepEqual(
      [0x18, 0x18].filter((pc) => none.keep(pc)),
      [0x18, 0x18],
    );
  });

  it('cuts masked segments: SVCs named by the svc before the vector, IRQs by their handler, idle steps', () => {
    const points: MaskedPoints = {
      returns: new Set([0x40]),
      svcNumbers: new Map([
        [0x100100, 4],
        [0x100200, 99],
      ]),
      irqHandlers: new Map([[0x60, 'tick']]),
      irqSave: 0x80,
      irqRestore: [
        { start: 0x90, end: 0x94 },
        { start: 0x20, end: 0x28 },
      ],
      functionId: (pc) => (pc < 0x100 ? 1 : 0),
    };
    const segmenter = new MaskedSegmenter(points);
    const trace = [
      // ConsoleWrite (svc #4): vector, body, return
      [0x100100, 0x8, 0x30, 0x34, 0x40],
      // an IRQ that ran the tick handler
      [0x18, 0x60, 0x64, 0x40],
      // an unassigned number
      [0x100200, 0x8, 0x40],
      // idle: save, work, restore and the BSP function it branches to, then the caller again
      [0x70, 0x80, 0x50, 0x74, 0x90, 0x20, 0x24, 0x78],
      // a second step interrupted at the unmask: the pending IRQ's vector ends it
      [0x80, 0x74, 0x90, 0x20, 0x18, 0x3c, 0x40],
    ].flat();
    for (const pc of trace) segmenter.step(pc);
    assert.deepEqual(segmenter.anomalies, []);
    assert.deepEqual(
      [...segmenter.entries].map(([entry, s]) => [entry, s.max, s.count]),
      [
        ['ConsoleWrite', 4, 1],
        ['tick', 4, 1],
        ['unassigned', 2, 1],
        ['restart_step', 6, 2],
        ['other_irq', 3, 1],
      ],
    );
    assert.deepEqual(instructionRanges([0x1000, 0x1010, 0x2000]), [
      { start: 0x1000, end: 0x1014 },
      { start: 0x2000, end: 0x2004 },
    ]);
  });

  it('reads objdump instruction lines and a symbol table', async () => {
    assert.deepEqual(parseObjdumpInstructions('00000100 <f>:\n 100:\tstr\tr3, [r2]\n 104:\tbx\tlr\n'), [
      { address: 0x100, text: 'str r3, [r2]' },
      { address: 0x104, text: 'bx lr' },
    ]);
    await assert.rejects(ElfSymbols.load(join(SCRATCH, 'no-such.elf')), /nm /);
  });
});
