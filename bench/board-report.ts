// The "Boards side by side" section of docs/BENCHMARKS.md: one column per board (realview-eb, whose
// figures are the top-level keys of results.json, then each board of `results.boards`), header rows
// saying how each board runs the benchmarks (CPU, hypervisor and guest mode, hypercall instruction,
// QEMU), then the comparable figures (medians with min–max, footprint bytes). Pure function of the
// results, rendered by bench/report.ts.
import type { BenchResults, BoardResults, BoardSetup, LatencyBySize, LatencyResult } from './results.ts';
import { MESSAGE_SIZES, SIZED_KEYS } from './results.ts';

/** The figures of one column, whichever part of results.json they come from. */
interface Column {
  setup: BoardSetup;
  hypercall_null?: LatencyResult;
  vm_switch?: LatencyResult;
  vmSwitchRegions?: number;
  virq_latency?: LatencyResult;
  sized: Partial<Record<(typeof SIZED_KEYS)[number], LatencyBySize>>;
  footprint?: { text: number; rodata: number; data: number; bss: number; ramPerVm: number };
}

function headlineColumn(results: BenchResults, setup: BoardSetup): Column {
  const f = results.footprint;
  return {
    setup,
    hypercall_null: results.hypercall_null,
    vm_switch: results.vm_switch,
    vmSwitchRegions: results.vmSwitchDetail?.guestRegions,
    virq_latency: results.virq_latency,
    sized: Object.fromEntries(SIZED_KEYS.map((key) => [key, results[key]])),
    footprint:
      f === undefined
        ? undefined
        : { text: f.text, rodata: f.rodata, data: f.data, bss: f.bss, ramPerVm: f.ramPerVm },
  };
}

function boardColumn(board: BoardResults): Column {
  return {
    setup: board,
    hypercall_null: board.hypercall_null,
    vm_switch: board.vm_switch,
    vmSwitchRegions: board.vmSwitchRegions,
    virq_latency: board.virq_latency,
    sized: Object.fromEntries(SIZED_KEYS.map((key) => [key, board[key]])),
    footprint: board.footprint,
  };
}

function latency(l: LatencyResult | undefined): string {
  if (l === undefined) return 'not measured';
  return l.min === l.max ? `**${l.median}**` : `**${l.median}** (${l.min}–${l.max})`;
}

function bytes(n: number | undefined): string {
  return n === undefined ? 'not measured' : `${n} B (${(n / 1024).toFixed(1)} KiB)`;
}

function tableRow(name: string, cells: readonly string[]): string {
  return `| ${name} | ${cells.join(' | ')} |`;
}

/** The section, or nothing when no other board was measured. */
export function boardsSection(results: BenchResults): string[] {
  const others = Object.values(results.boards ?? {});
  if (results.setup === undefined || others.length === 0) return [];
  const columns = [headlineColumn(results, results.setup), ...others.map(boardColumn)];
  const each = (cell: (c: Column) => string): string[] => columns.map(cell);
  const lines = [
    '## Boards side by side',
    '',
    'The comparable figures on each board the hypervisor runs on, measured the same way (medians in',
    'instructions under `-icount shift=0`, min–max beside them when they differ; bytes from the linker',
    'map). The first column is the board of every other section of this report. On the second board',
    'every system is the same description moved there (`retargetSystem`: the same VMs, plans, ports and',
    'guests, each area at the same offset of the board’s partition RAM in DDR from 0x2010_0000), the',
    'guests are the same sources built for it (hypercalls by `hvc`: `BH_HYPERCALL_HVC`), and the',
    'exception entry is the Hyp vector table at HVBAR (`bsp/armv8r/vectors.S`: `bh_exception_sync`,',
    '`bh_exception_irq`), left by `eret`. The virtual interrupt comes from the board’s own dual timer',
    '(realview-eb: the second SP804; AN536: the CMSDK APB dual timer, SP804-compatible), every 30 µs of',
    'its clock. QEMU’s Cortex-R52 has no counting PMU (PMCCNTR reads 0), so every figure is an',
    'instruction count from the execution log, as on realview-eb.',
    '',
    `| | ${each((c) => `\`${c.setup.board}\``).join(' | ')} |`,
    `|---|${each(() => '---').join('|')}|`,
    tableRow(
      'CPU',
      each((c) => c.setup.cpu),
    ),
    tableRow(
      'hypervisor mode',
      each((c) => c.setup.hypervisorMode),
    ),
    tableRow(
      'guest mode',
      each((c) => c.setup.guestMode),
    ),
    tableRow(
      'hypercall instruction',
      each((c) => c.setup.hypercallInstruction),
    ),
    tableRow(
      'QEMU',
      each((c) => `\`${c.setup.qemu}\``),
    ),
    tableRow(
      '`hypercall_null`',
      each((c) => latency(c.hypercall_null)),
    ),
    tableRow(
      '`vm_switch`',
      each((c) =>
        c.vm_switch === undefined
          ? 'not measured'
          : `${latency(c.vm_switch)}, ${c.vmSwitchRegions} regions per VM`,
      ),
    ),
    tableRow(
      '`virq_latency`',
      each((c) => latency(c.virq_latency)),
    ),
  ];
  for (const key of SIZED_KEYS) {
    for (const size of MESSAGE_SIZES) {
      if (columns.every((c) => c.sized[key]?.[String(size)] === undefined)) continue;
      lines.push(
        tableRow(
          `\`${key}\` ${size} B`,
          each((c) => latency(c.sized[key]?.[String(size)])),
        ),
      );
    }
  }
  const f = (pick: (fp: NonNullable<Column['footprint']>) => number) => (c: Column) =>
    bytes(c.footprint === undefined ? undefined : pick(c.footprint));
  lines.push(
    tableRow('text + rodata', each(f((fp) => fp.text + fp.rodata))),
    tableRow('data + bss', each(f((fp) => fp.data + fp.bss))),
    tableRow('RAM per additional VM', each(f((fp) => fp.ramPerVm))),
    '',
  );
  return lines;
}
