// Benchmarks (bench/run.ts) end to end: builds the real systems with the cross toolchain, runs the
// hypercall benchmark guest in QEMU, writes the JSON
// and the report to a scratch folder, checks the JSON's shape and numbers, that two runs agree exactly
// (determinism), and the map and .su parsers on known input.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { parseMap } from '../../bench/footprint.ts';
import { CALLS, roundTripsFromExecLog, summarize } from '../../bench/hypercall-null.ts';
import { main } from '../../bench/run.ts';
import { ENTRY_POINTS, parseDisassembly, parseStackUsage, registeredFunctions } from '../../bench/stack.ts';
import type { BenchResults } from '../../bench/results.ts';

const SCRATCH = resolve('out/tests/bench');

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

async function runOnce(tag: string): Promise<{ results: BenchResults; report: string }> {
  const json = join(SCRATCH, `${tag}.json`);
  const report = join(SCRATCH, `${tag}.md`);
  rmSync(json, { force: true });
  assert.equal(await main(['--json', json, '--report', report]), 0);
  assert.ok(existsSync(json) && existsSync(report));
  return {
    results: JSON.parse(readFileSync(json, 'utf8')) as BenchResults,
    report: readFileSync(report, 'utf8'),
  };
}

describe('bench: footprint, stack depth and the null hypercall', function () {
  this.timeout(120_000);
  let first: { results: BenchResults; report: string };

  before(async () => {
    first = await runOnce('first');
  });

  it('reports the hypervisor footprint as positive byte counts, modules adding up to text + rodata', () => {
    const f = first.results.footprint;
    for (const key of ['text', 'rodata', 'data', 'bss'] as const) {
      assert.ok(isPositiveInteger(f[key]), `footprint.${key} = ${f[key]}`);
    }
    assert.ok(Number.isInteger(f.ramPerVm) && f.ramPerVm >= 0, `ramPerVm = ${f.ramPerVm}`);
    assert.ok(f.perModule.length > 10);
    for (const m of f.perModule) {
      assert.ok(Number.isInteger(m.text) && Number.isInteger(m.rodata) && m.text + m.rodata > 0, m.module);
    }
    const summed = f.perModule.reduce((sum, m) => sum + m.text + m.rodata, 0);
    // The totals also hold linker alignment padding, a few bytes per section.
    assert.ok(
      summed <= f.text + f.rodata && summed > (f.text + f.rodata) * 0.98,
      `${summed} vs ${f.text + f.rodata}`,
    );
    assert.ok(f.perModule.some((m) => m.module === 'core/hypervisor.c'));
    // Guest images (.partition*) are excluded: the embedded image objects never appear as modules.
    assert.ok(!f.perModule.some((m) => m.module.startsWith('vm0_')));
  });

  it('reports a positive worst-case depth for every entry point, within its mode stack', () => {
    const { stack, stackDetail } = first.results;
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
    // The tick reaches the hypervisor through two registered-handler indirections.
    assert.ok(stackDetail.resolvedIndirect['bsp_irq_dispatch']?.includes('tick_isr'));
  });

  it('measures the null hypercall round trip over every call the guest makes', () => {
    const h = first.results.hypercall_null!;
    assert.ok(h !== undefined);
    for (const key of ['min', 'median', 'max', 'samples'] as const) {
      assert.ok(isPositiveInteger(h[key]), `hypercall_null.${key} = ${h[key]}`);
    }
    assert.equal(h.samples, CALLS);
    assert.ok(h.min <= h.median && h.median <= h.max);
    const breakdown = first.results.hypercallNullDetail!.medianBreakdown;
    assert.equal(
      breakdown.reduce((sum, b) => sum + b.instructions, 0),
      h.median,
    );
    // The round trip goes through the SVC exception stub and the hypercall dispatcher.
    assert.ok(breakdown.some((b) => b.symbol === 'bh_exception_svc'));
    assert.ok(breakdown.some((b) => b.symbol === 'hypercalls_hypercall_dispatch'));
  });

  it('lists every not yet measured key of the issue and says so in the report', () => {
    assert.ok(first.results.notMeasured.includes('vm_switch'));
    assert.ok(!first.results.notMeasured.includes('footprint'));
    assert.match(first.report, /## Not measured yet/);
    assert.match(first.report, /hypervisor text \+ rodata ≤ 24 KiB +\| \d+ B/);
  });

  it('gives identical numbers and report on a second run', async () => {
    const second = await runOnce('second');
    assert.deepEqual(second.results, first.results);
    assert.equal(second.report, first.report);
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
    assert.equal(trips[0]!.bySymbol.get('bh_exception_svc'), 2);
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
});
