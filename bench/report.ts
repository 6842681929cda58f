// Writes docs/BENCHMARKS.md from the results (out/bench/results.json): the milestone targets with
// met/missed (for a miss: where the instructions go and what it would take), the boards side by side
// (bench/board-report.ts), one section per
// measurement with its method, start and end points, the longest masked paths with their bound, and the
// scaling series with their fitted growth.
// Pure function of the results (plus the codegen section renderer when that module is present), so
// two runs with the same numbers give the same file.
import { Hypercall } from '../firmware/core/hypercall-numbers.ts';
import { boardsSection } from './board-report.ts';
import { COST_CATEGORIES } from './elf-symbols.ts';
import type { BenchResults, LatencyResult } from './results.ts';
import { MESSAGE_SIZES, SIZED_KEYS, TARGETS } from './results.ts';
import type { Series } from './scaling.ts';

const KiB = 1024;

function kib(bytes: number): string {
  return `${(bytes / KiB).toFixed(1)} KiB`;
}

function verdict(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}

function row(name: string, l: LatencyResult): string {
  return `| ${name} | ${l.min} | ${l.median} | ${l.max} | ${l.samples} |`;
}

function breakdownTable(breakdown: Record<string, number> | undefined): string[] {
  if (breakdown === undefined || Object.keys(breakdown).length === 0) return [];
  return [
    '| where | instructions |',
    '|---|---:|',
    ...COST_CATEGORIES.filter((c) => breakdown[c] !== undefined).map((c) => `| ${c} | ${breakdown[c]} |`),
    '',
  ];
}

type FunctionCounts = { function: string; instructions: number }[] | undefined;

function functionList(functions: FunctionCounts): string {
  return (functions ?? []).map((f) => `\`${f.function}\` ${f.instructions}`).join(', ') || 'not recorded';
}

/** What would remove the cost of a category from a path. */
const REMEDY: Record<(typeof COST_CATEGORIES)[number], string> = {
  'exception entry and return': 'a shorter register save and restore (it is already a block store and load)',
  'UART output (SLCAN, trace stream)':
    'moving the UART output out of the exception (queue the bytes, send them from the idle thread or a UART interrupt)',
  'trace event recording': 'recording fewer events on the path or a cheaper record',
  'MPU reload':
    "loading only the incoming VM's regions and disabling only the regions the outgoing VM used, instead of rewriting all 16 with barriers after each, and skipping the reload when the values are unchanged",
  'guest memory copy': 'copying words instead of bytes between guest and hypervisor memory',
  'other hypervisor and guest code': 'a leaner core path (fewer calls, checks and table lookups per entry)',
};

/** One paragraph on why a latency target is missed and what it would take, from the median sample's
 *  cost breakdown: the categories largest first, and the remedy for the largest ones until they cover
 *  the excess. */
function missReason(median: number, target: number, breakdown: Record<string, number> | undefined): string {
  const excess = median - target;
  const parts = COST_CATEGORIES.map((c) => ({ c, n: breakdown?.[c] ?? 0 }))
    .filter((p) => p.n > 0)
    .sort((a, b) => b.n - a.n);
  const described = parts.map((p) => `${p.n} ${p.c}`).join(', ');
  const remedies: string[] = [];
  let covered = 0;
  for (const p of parts) {
    if (covered >= excess) break;
    remedies.push(REMEDY[p.c]);
    covered += p.n;
  }
  return `Missed by ${excess} instructions. The median ${median} splits into ${described}. It would take ${remedies.join('; and ')}.`;
}

function seriesTable(title: string, s: Series, unit: string): string[] {
  return [
    `### ${title}`,
    '',
    `Fit (least squares over the medians): **${s.fit.constant} + ${s.fit.slope} per ${unit}**.`,
    '',
    `| ${s.x} | min | median | max | samples |`,
    '|---:|---:|---:|---:|---:|',
    ...s.points.map((p) => `| ${p.x} | ${p.min} | ${p.median} | ${p.max} | ${p.samples} |`),
    '',
  ];
}

function growth(s: Series, unit: string): string {
  const first = s.points[0];
  const last = s.points[s.points.length - 1];
  const flat = Math.abs(last.median - first.median) <= Math.max(2, first.median * 0.01);
  return flat
    ? `constant (${first.median} at ${first.x}, ${last.median} at ${last.x}: no growth with the ${unit})`
    : `${s.fit.slope} instructions per ${unit} on top of ${s.fit.constant} (${first.median} at ${first.x}, ${last.median} at ${last.x})`;
}

/** How the masked-paths table names an entry (bench/masked-segments.ts). */
const MASKED_ENTRY_TITLES: Record<string, string> = {
  unassigned: 'unassigned hypercall number',
  tick: 'tick (SP804 timer interrupt)',
  device_irq: 'device interrupt forwarded to a VM',
  uart_irq: 'UART interrupt',
  other_irq: 'other interrupt',
  restart_step: 'restart step (idle thread)',
};

function maskedEntryTitle(entry: string): string {
  const number = (Hypercall as unknown as Record<string, number | undefined>)[entry];
  if (typeof number === 'number') return `\`${entry}\` (hypercall ${number})`;
  return MASKED_ENTRY_TITLES[entry] ?? entry.replace(/_/g, ' ');
}

function maskedPathsSection(results: BenchResults): string[] {
  const m = results.masked_paths;
  if (m === undefined) return [];
  const d = results.maskedPathsDetail;
  const entries = Object.entries(m.byEntry);
  const ranked = [...entries].sort((a, b) => b[1].max - a[1].max || a[0].localeCompare(b[0]));
  const runnerUp = ranked.find(([entry]) => entry !== m.longest.entry);
  const longestFunctions = functionList(d?.longestFunctions[m.longest.entry]);
  return [
    '## Longest masked paths',
    '',
    'Every hypervisor entry runs with IRQs masked from its exception vector to its exception return',
    '(`bsp/armv7r/exception_entry.S`: exception entry sets CPSR.I and handlers run to completion), and the',
    "idle thread masks them around each step of a VM's cold restart (`hvIdle` → `restartInOwnerSlot`,",
    'between `bh_port_irq_save` and `bh_port_irq_restore`). An interrupt that becomes pending meanwhile waits',
    'until the path ends. Each row is the longest such path seen for that entry, in instructions.',
    '',
    `Workload (\`bench/guests/masked-paths\`, system \`${d?.system ?? 'bench-masked-paths'}\`, ${d?.tickMicroseconds ?? '?'} µs tick): VM \`main\` makes every hypercall of the ABI with its worst-case arguments, round after round, and VM \`peer\` keeps its ports and CAN queue fed. Each round fills \`main\`'s share of the fault log with calls of an unassigned number and reads every entry (FaultLogRead), asks ConsoleWrite for ${d?.consoleBytes ?? '?'} control characters (the maximum; each escaped to 4 bytes) on a console UART of its own (no hypervisor reserve or line prefix: the call takes as many as the UART's transmit ring has room for), writes and reads sampling and queuing ports of ${d?.messageBytes ?? '?'}-byte messages (the largest a port may declare) from unaligned buffers, sends to a full queue and receives until empty, reads every VmStatus page of both VMs, sends extended 8-byte CAN frames with the SLCAN channel open (to the host and to \`peer\`) and receives, takes an upcall from its virtual timer (TimerSet) and one from a passed-through SP804 (VirqAck), kicks its watchdog, asks for the other schedule plan, and restarts itself cold, ${d?.restarts ?? '?'} times (the default restart rate; a last request is refused with RateLimited), so the idle thread runs the restart steps (image ${d?.imageBytes ?? '?'} bytes, at most ${d?.restartStepBytes ?? '?'} bytes per step: a CRC-32 pass over the pristine copy, then the copy back). The last round halts \`peer\` (VmHalt).`,
    '',
    'Method: QEMU’s execution log holds the hypervisor’s code, the guests’ `svc` instructions and two markers',
    'in the guest. A segment starts at an exception vector (included) and ends at the exception-return',
    "instruction (included); an SVC segment is named by the immediate of the guest's `svc` logged just",
    'before the vector, an IRQ segment by the handler it ran (`hypervisor_hv_on_tick`: the tick;',
    '`hypervisor_hv_on_irq`: a device interrupt forwarded to a VM). A restart step runs from the first',
    'instruction of `bh_port_irq_save` (included) to the return of `bh_port_irq_restore` (included); the',
    "idle thread's check that finds no restart to do is such a step too. Counted from the guest's first",
    'round (after the host opened the SLCAN channel and sent the start frame) to its last, so no host',
    'input arrives in the counted part: the UART receive interrupt is not among the rows. The UART',
    'transmit ring (`bsp/realview-eb/uart.c` `uart_tx_queue`) masks IRQs around each byte it queues: inside',
    'the paths above, and in a system that streams the trace also in the idle thread, one byte at a time',
    '(the bench systems stream none). QEMU’s PL011 never reports its transmit FIFO full, so the driver moves',
    'every queued byte to the data register at once (`uart_tx_pump` per byte); on silicon the FIFO fills',
    'and the rest waits in the ring for the UART interrupt.',
    '',
    '| entry | longest (instructions) | samples | largest functions of the longest |',
    '|---|---:|---:|---|',
    ...entries.map(
      ([entry, stats]) =>
        `| ${maskedEntryTitle(entry)} | ${stats.max} | ${stats.count} | ${functionList(d?.longestFunctions[entry])} |`,
    ),
    '',
    `Bound: the longest path the hypervisor ran with interrupts masked is **${m.longest.instructions} instructions** (${(m.longest.instructions / 1000).toFixed(1)} µs at one instruction per nanosecond), in ${maskedEntryTitle(m.longest.entry)}: in this workload an interrupt waited at most that long before the hypervisor could take it${runnerUp === undefined ? '' : `. Next longest: ${maskedEntryTitle(runnerUp[0])}, ${runnerUp[1].max}`}. Largest functions of the longest: ${longestFunctions}.`,
    '',
  ];
}

export function renderReport(
  results: BenchResults,
  renderCodegenSection?: (entries: NonNullable<BenchResults['codegen']>) => string,
): string {
  const f = results.footprint;
  const lines: string[] = [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (bench/run.ts) from `out/bench/results.json`; do not edit by hand.',
    `Basis: ${results.basis}. Run: ${results.mode}, ${results.samplesPerKey} samples per latency figure.`,
    '',
    'Every latency is counted in instructions under QEMU `-icount shift=0`, where one instruction is one',
    'nanosecond of virtual time and one PMU cycle: the same binary gives the same numbers on every run,',
    'whatever the host load. QEMU runs with one instruction per translation block (`-accel tcg,one-insn-per-tb=on`) and logs',
    'every executed instruction (`-d exec,nochain`) into a pipe that the benchmark reads as QEMU runs; a',
    'sample is the number of logged instructions between a start and an end address stated per',
    'measurement. `-dfilter` keeps guest spin loops out of the log. Real silicon takes at least as many',
    'cycles (caches, pipeline, wait states). The generated bench systems (`bench/systems.ts`) record trace',
    'events in the ring as every system does but stream none (`traceUart: -1`): streaming is the idle',
    "thread's work, outside every measured path, and would only lengthen the log.",
    '',
    '## Targets of this milestone',
    '',
    '| target | measured | verdict |',
    '|---|---|---|',
  ];
  const targetRows: string[] = [];
  const misses: string[] = [];
  const h = results.hypercall_null;
  if (h !== undefined) {
    targetRows.push(
      `| \`hypercall_null\` ≤ 150 instructions | median ${h.median} | ${verdict(h.median <= TARGETS.hypercallNullMedian)} |`,
    );
  } else targetRows.push('| `hypercall_null` ≤ 150 instructions | not measured | — |');
  const vs = results.vm_switch;
  if (vs !== undefined) {
    const regions = results.vmSwitchDetail?.guestRegions ?? 0;
    targetRows.push(
      `| \`vm_switch\` ≤ 600 with 4 guest regions | median ${vs.median} (${regions} regions) | ${verdict(vs.median <= TARGETS.vmSwitchMedian)} |`,
    );
    if (vs.median > TARGETS.vmSwitchMedian) {
      misses.push(
        `- \`vm_switch\`: ${missReason(vs.median, TARGETS.vmSwitchMedian, results.vmSwitchDetail?.medianBreakdown)} Largest functions: ${functionList(results.vmSwitchDetail?.medianFunctions)}.`,
      );
    }
  } else targetRows.push('| `vm_switch` ≤ 600 with 4 guest regions | not measured | — |');
  const vq = results.virq_latency;
  if (vq !== undefined) {
    targetRows.push(
      `| \`virq_latency\` ≤ 400 | median ${vq.median} | ${verdict(vq.median <= TARGETS.virqLatencyMedian)} |`,
    );
    if (vq.median > TARGETS.virqLatencyMedian) {
      misses.push(
        `- \`virq_latency\`: ${missReason(vq.median, TARGETS.virqLatencyMedian, results.virqLatencyDetail?.medianBreakdown)} Largest functions: ${functionList(results.virqLatencyDetail?.medianFunctions)}.`,
      );
    }
  } else targetRows.push('| `virq_latency` ≤ 400 | not measured | — |');
  const qs = results.queuing_send?.['8'];
  const qr = results.queuing_receive?.['8'];
  if (qs !== undefined && qr !== undefined) {
    const pair = qs.median + qr.median;
    targetRows.push(
      `| \`queuing_send\` + \`queuing_receive\` (8 B) ≤ 600 | ${qs.median} + ${qr.median} = ${pair} | ${verdict(pair <= TARGETS.queuingPair8Median)} |`,
    );
    if (pair > TARGETS.queuingPair8Median) {
      const b = results.portsDetail?.smallestSizeBreakdown;
      const both: Record<string, number> = {};
      for (const part of [b?.queuing_send, b?.queuing_receive]) {
        for (const [category, n] of Object.entries(part ?? {})) both[category] = (both[category] ?? 0) + n;
      }
      const f8 = results.portsDetail?.smallestSizeFunctions;
      misses.push(
        `- \`queuing_send\` + \`queuing_receive\` (8 B): ${missReason(pair, TARGETS.queuingPair8Median, both)} Largest functions of the send: ${functionList(f8?.queuing_send)}; of the receive: ${functionList(f8?.queuing_receive)}.`,
      );
    }
  } else targetRows.push('| `queuing_send` + `queuing_receive` (8 B) ≤ 600 | not measured | — |');
  if (f !== undefined) {
    targetRows.push(
      `| hypervisor text + rodata ≤ 24 KiB | ${f.text + f.rodata} B (${kib(f.text + f.rodata)}) | ${verdict(f.text + f.rodata <= TARGETS.textPlusRodata)} |`,
      `| hypervisor data + bss ≤ 8 KiB | ${f.data + f.bss} B (${kib(f.data + f.bss)}) | ${verdict(f.data + f.bss <= TARGETS.dataPlusBss)} |`,
    );
    if (f.data + f.bss > TARGETS.dataPlusBss) {
      misses.push(
        `- data + bss: ${f.data + f.bss} B. The core reserves its state statically for its compile-time limits (firmware/core/limits.ts) whatever the system uses; sizing those arrays from the system description at build time would bring a small system under the target.`,
      );
    }
  } else {
    targetRows.push(
      '| hypervisor text + rodata ≤ 24 KiB | not measured | — |',
      '| hypervisor data + bss ≤ 8 KiB | not measured | — |',
    );
  }
  if (results.codegen !== undefined) {
    const worst = Math.max(
      ...results.codegen.flatMap((e) => [e.ts_instr / e.c_instr, e.ts_bytes / e.c_bytes]),
    );
    targetRows.push(
      `| generated C within 1.10× of hand-written C | worst ratio ${worst.toFixed(2)}× | ${verdict(worst <= TARGETS.codegenRatio)} |`,
    );
  } else targetRows.push('| generated C within 1.10× of hand-written C | not measured | — |');
  lines.push(...targetRows, '');
  if (misses.length > 0) lines.push('Why a target is missed and what it would take:', '', ...misses, '');
  lines.push(...boardsSection(results));

  lines.push(
    '## Latency (instructions)',
    '',
    '| measurement | min | median | max | samples |',
    '|---|---:|---:|---:|---:|',
  );
  if (h !== undefined) lines.push(row('hypercall_null', h));
  if (vs !== undefined)
    lines.push(row(`vm_switch (${results.vmSwitchDetail?.guestRegions} guest regions)`, vs));
  const plainTick = results.scaling?.plainTickByVmCount.points[0];
  if (plainTick !== undefined) {
    lines.push(row(`tick inside a slot, no switch (${plainTick.x} VMs)`, plainTick));
  }
  if (vq !== undefined) lines.push(row('virq_latency', vq));
  for (const key of SIZED_KEYS) {
    const bySize = results[key];
    if (bySize === undefined) continue;
    for (const size of MESSAGE_SIZES) {
      const l = bySize[String(size)];
      if (l !== undefined) lines.push(row(`${key} ${size} B`, l));
    }
  }
  if (results.vcan_send !== undefined) {
    lines.push(row('vcan_send (svc to last SLCAN byte)', results.vcan_send));
    if (results.vcanSendDetail !== undefined)
      lines.push(row('vcan_send guest round trip', results.vcanSendDetail.roundTrip));
  }
  lines.push('', '### Methods, start and end points', '');
  if (h !== undefined) {
    lines.push(
      `- **hypercall_null**: the Version hypercall issued back to back by \`bench/guests/hypercall-null\` in \`systems/test-one-vm.ts\`. Start: the guest's \`svc\` at ${results.hypercallNullDetail?.callSite ?? 'its call site'} (included); end: the guest's next instruction (excluded). A tick that becomes pending during the call is taken as the guest resumes, so the few samples holding a tick are the maximum.`,
    );
  }
  if (vs !== undefined) {
    lines.push(
      `- **vm_switch**: two VMs with ${results.vmSwitchDetail?.guestRegions} MPU regions each (code, data and 4 KiB areas), both spinning in \`bench/guests/spin\`, in turn in eight one-tick slots of a 100 µs tick and one idle tick per frame (where the idle thread drains the trace ring). Only switches from one VM to the next count: ticks that interrupted a guest and returned to a guest. Start: the IRQ vector (0x18, included) of the tick at a slot boundary; end: the first instruction of the next VM (excluded), i.e. up to the exception return. It holds context save, the tick (clock, schedule, virtual timers, watchdog), the switch with the MPU reload (${results.vmSwitchDetail?.regionLoads} region base registers written), context restore and return. A tick is a switch when it wrote an MPU region base register; the "tick inside a slot" row comes from the 2-tick slots of the tick series (Scaling).`,
    );
  }
  if (vq !== undefined) {
    lines.push(
      `- **virq_latency**: device ${results.virqLatencyDetail?.device}, passed through to a VM with ${results.virqLatencyDetail?.guestRegions} MPU regions; the guest (\`bench/guests/virq-timer\`) programs it to fire every ${results.virqLatencyDetail?.periodMicroseconds} µs and spins. Start: the IRQ vector (0x18, included) of the device interrupt; end: the first instruction of the handler the guest registered, ${results.virqLatencyDetail?.handlerEntry} (excluded; the SDK's upcall entry, which then calls the C handler). Hypervisor ticks, which return to the spinning guest, are not samples.`,
    );
  }
  if (
    results.sampling_write !== undefined ||
    results.queuing_send !== undefined ||
    results.sampling_read !== undefined ||
    results.queuing_receive !== undefined
  ) {
    lines.push(
      "- **sampling_write, sampling_read, queuing_send, queuing_receive**: writer and reader VMs (4 MPU regions each, `bench/guests/port-tx` and `port-rx`) with one sampling and one queuing port (depth 4) per size; in each slot the writer makes 4 full-size calls per port and the reader 4 per port, into a buffer of the message size. Start: the guest's `svc` of that call and size (each has its own function, found by name in the guest ELF; included); end: the guest's next instruction (excluded).",
    );
  }
  if (results.vcan_send !== undefined) {
    lines.push(
      `- **vcan_send**: one VM (${results.vcanSendDetail?.guestRegions} MPU regions) sends 8-byte standard data frames back to back (\`bench/guests/vcan-send\`) after the host opened the SLCAN channel on UART1. Start: the guest's CanSend \`svc\` (included); end: the UART driver's data-register store (in \`uart_tx_pump\`) of the last of the ${results.vcanSendDetail?.slcanBytes} bytes of the SLCAN line (included). The guest round trip ends at the guest's next instruction (excluded).`,
    );
  }
  lines.push('');
  const p = results.portsDetail;
  const breakdowns: [string, Record<string, number> | undefined, FunctionCounts][] = [
    [
      'vm_switch (median switch)',
      results.vmSwitchDetail?.medianBreakdown,
      results.vmSwitchDetail?.medianFunctions,
    ],
    [
      'virq_latency (median sample)',
      results.virqLatencyDetail?.medianBreakdown,
      results.virqLatencyDetail?.medianFunctions,
    ],
    [
      'sampling_write 8 B (median call)',
      p?.smallestSizeBreakdown.sampling_write,
      p?.smallestSizeFunctions.sampling_write,
    ],
    [
      'sampling_read 8 B (median call)',
      p?.smallestSizeBreakdown.sampling_read,
      p?.smallestSizeFunctions.sampling_read,
    ],
    [
      'queuing_send 8 B (median call)',
      p?.smallestSizeBreakdown.queuing_send,
      p?.smallestSizeFunctions.queuing_send,
    ],
    [
      'queuing_receive 8 B (median call)',
      p?.smallestSizeBreakdown.queuing_receive,
      p?.smallestSizeFunctions.queuing_receive,
    ],
    [
      'vcan_send round trip (median)',
      results.vcanSendDetail?.roundTripBreakdown,
      results.vcanSendDetail?.roundTripFunctions,
    ],
  ];
  if (breakdowns.some(([, b]) => b !== undefined)) {
    lines.push(
      '### Where the instructions go',
      '',
      'Instructions of a sample of median length, by the kind of function they executed in, then the',
      'functions with the most instructions in that sample.',
      '',
    );
    for (const [title, b, functions] of breakdowns) {
      if (b === undefined) continue;
      lines.push(
        `**${title}**`,
        '',
        ...breakdownTable(b),
        `Largest functions: ${functionList(functions)}.`,
        '',
      );
    }
  }
  if (h !== undefined && results.hypercallNullDetail !== undefined) {
    lines.push(
      '### hypercall_null: the median round trip by function',
      '',
      '| function | instructions |',
      '|---|---:|',
      ...results.hypercallNullDetail.medianBreakdown.map((b) => `| \`${b.symbol}\` | ${b.instructions} |`),
      '',
    );
  }

  lines.push(...maskedPathsSection(results));

  const s = results.scaling;
  if (s !== undefined) {
    lines.push(
      '## Scaling',
      '',
      'Medians of each point (min and max beside them); the systems are generated in `bench/systems.ts`.',
      'Growth found:',
      '',
      `- \`vm_switch\` against MPU regions per VM: ${growth(s.vmSwitchByRegions, 'region')}.`,
      `- \`queuing_send\` against message size: ${growth(s.queuingSendBySize, 'byte')}; \`queuing_receive\`: ${growth(s.queuingReceiveBySize, 'byte')}.`,
      `- Tick inside a slot against VM count: ${growth(s.plainTickByVmCount, 'VM')}; tick at a slot boundary: ${growth(s.switchTickByVmCount, 'VM')}.`,
      `- Tick inside a slot against slots per major frame: ${growth(s.plainTickBySlots, 'slot')}; tick at a slot boundary: ${growth(s.switchTickBySlots, 'slot')}.`,
      '',
      ...seriesTable('vm_switch against MPU regions per VM (two VMs)', s.vmSwitchByRegions, 'region'),
      ...seriesTable('queuing_send against message size', s.queuingSendBySize, 'byte'),
      ...seriesTable('queuing_receive against message size', s.queuingReceiveBySize, 'byte'),
      ...seriesTable('Tick inside a slot against VM count', s.plainTickByVmCount, 'VM'),
      ...seriesTable('Tick at a slot boundary against VM count', s.switchTickByVmCount, 'VM'),
      ...seriesTable('Tick inside a slot against slots per major frame', s.plainTickBySlots, 'slot'),
      ...seriesTable('Tick at a slot boundary against slots per major frame', s.switchTickBySlots, 'slot'),
    );
  }

  if (f !== undefined) {
    lines.push(
      '## Footprint (bytes)',
      '',
      'System `systems/test-one-vm.ts`, read from its GNU ld map (`bulkhead.map`). Output sections `.vectors` +',
      '`.text` are text, `.rodata` + `.ARM.exidx` rodata, `.data` data, `.bss` bss. The per-mode stacks',
      '(`.stacks`) and the guest images and their pristine copies (`.partition*`) are not counted.',
      '',
      '| text | rodata | data | bss | text + rodata | data + bss |',
      '|---:|---:|---:|---:|---:|---:|',
      `| ${f.text} | ${f.rodata} | ${f.data} | ${f.bss} | ${f.text + f.rodata} | ${f.data + f.bss} |`,
      '',
      `RAM per additional VM (data + bss of a two-VM variant minus the one-VM system): **${f.ramPerVm} bytes**.`,
      '',
      '### Per module (text + rodata)',
      '',
      '`core/` is the transpiled hypervisor core (out/<system>/gen/c); the rest are C and assembly sources of',
      'the repository and libgcc members. Linker padding is counted in the totals only.',
      '',
      '| module | text | rodata |',
      '|---|---:|---:|',
      ...f.perModule.map((m) => `| ${m.module} | ${m.text} | ${m.rodata} |`),
      '',
    );
  }
  if (results.stack !== undefined && results.stackDetail !== undefined) {
    const d = results.stackDetail;
    const stack = results.stack as Record<string, number>;
    lines.push(
      '## Worst-case stack depth (bytes)',
      '',
      "The hypervisor's C sources are compiled again with the image's flags plus `-fstack-usage`; the call",
      'graph comes from `arm-none-eabi-objdump -d` of the linked image (`bl`/`blx` are calls; a branch to',
      "another function is a tail call, counted without the caller's frame). Functions with no `.su` entry",
      '(assembly, libgcc) get their frame from their prologue. Indirect calls through registered handlers are',
      'resolved from the sources (every function passed to the registration function); any other indirect',
      'call is listed below as a limitation. "From exception" adds the C entry the assembly stub calls; the',
      'stub itself releases its one saved word before that call.',
      '',
      '| entry point | hook depth | from exception | mode stack | reserved | worst path |',
      '|---|---:|---:|---|---:|---|',
      ...d.exceptions.map(
        (e) =>
          `| \`${e.hook}\` | ${stack[e.hook]} | ${e.depthFromException} | ${e.mode} | ${e.reserved} | ${(d.worstPath[e.hook] ?? []).join(' → ')} |`,
      ),
      '',
      `Indirect calls resolved from the sources: ${
        Object.entries(d.resolvedIndirect)
          .map(([fn, targets]) => `\`${fn}\` → ${targets.map((t) => `\`${t}\``).join(', ')}`)
          .join('; ') || 'none'
      }.`,
      `Unresolved indirect calls reached: ${d.indirectCalls.map((c) => `\`${c}\``).join(', ') || 'none'}.`,
      `Frames estimated from the prologue: ${d.estimated.map((c) => `\`${c}\``).join(', ') || 'none'}.`,
      '',
    );
  }
  if (results.codegen !== undefined && renderCodegenSection !== undefined) {
    lines.push(renderCodegenSection(results.codegen), '');
  }
  if (results.failed !== undefined) {
    lines.push(
      '## Failed in this run',
      '',
      ...Object.entries(results.failed).map(([key, message]) => `- \`${key}\`: ${message.split('\n')[0]}`),
      '',
    );
  }
  if (results.notMeasured.length > 0) {
    lines.push(
      '## Not measured in this run',
      '',
      `${results.notMeasured.map((k) => `\`${k}\``).join(', ')}.`,
      '',
    );
  }
  return lines.join('\n');
}
