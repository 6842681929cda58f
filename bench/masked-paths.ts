// masked_paths benchmark: the longest stretch the hypervisor runs with interrupts masked, in instructions
// under QEMU `-icount shift=0`, per entry: each hypercall (the SVC segment from the vector to the
// exception return, grouped by hypercall number), the tick and the other interrupts (IRQ segments), and
// the idle thread's cold-restart steps (`bh_port_irq_save` to the return of `bh_port_irq_restore`).
// The overall longest is the bound on how long an interrupt can wait for the hypervisor in this workload.
// System (bench/systems.ts `maskedPathsSystem`): VM `main` runs bench/guests/masked-paths, which makes
// every hypercall of the ABI with its worst-case arguments and restarts itself cold MASKED_RESTARTS
// times; VM `peer` feeds its ports and CAN queue. The host waits for the peer's "ready" line, then
// opens the SLCAN channel on UART2 and sends the start frame; the count runs from the guest's first
// bench_begin() (at the start of its next slot, so the numbers do not depend on when the host's bytes
// came) to its bench_done(). QEMU's log holds the hypervisor's code, the guests' `svc` instructions
// (each names the hypercall of the segment after it) and the two markers (bench/masked-segments.ts).
import { join } from 'node:path';

import { runTool } from '../cli/build/run-tool.ts';
import { CONSOLE_MAX_WRITE, RESTART_STEP_BYTES } from '../firmware/core/limits.ts';
import type { QemuInstance, TcpChannel } from '../qemu/runner/index.ts';
import { topFunctions, CostClassifier, ElfSymbols, parseObjdumpInstructions } from './elf-symbols.ts';
import { runWithExecLog, type AddressRange } from './exec-log.ts';
import {
  abiHypercalls,
  DEVICE_IRQ_ENTRY,
  MaskedSegmenter,
  OTHER_IRQ_ENTRY,
  RESTART_STEP_ENTRY,
  TICK_ENTRY,
  UART_IRQ_ENTRY,
  UNASSIGNED_ENTRY,
} from './masked-segments.ts';
import {
  buildBench,
  maskedPathsSystem,
  MASKED_MESSAGE_BYTES,
  MASKED_RESTARTS,
  MASKED_START_ID,
} from './systems.ts';
import { hypervisorPoints } from './tick-segments.ts';

export interface MaskedEntry {
  /** Instructions of the longest segment of the entry. */
  max: number;
  /** Segments of the entry in the run. */
  count: number;
}

export interface MaskedPathsResult {
  /** Per entry: hypercall names of the ABI, `unassigned`, `tick`, `device_irq`, `uart_irq`, `other_irq`,
   *  other exception kinds, `restart_step`. */
  byEntry: Record<string, MaskedEntry>;
  /** The longest of them all: the bound. */
  longest: { entry: string; instructions: number };
}

export interface MaskedPathsDetail {
  system: string;
  tickMicroseconds: number;
  /** Cold restarts the guest made of itself (one more was refused by the restart rate). */
  restarts: number;
  /** Bytes of the restarting VM's image, and the most a restart step handles. */
  imageBytes: number;
  restartStepBytes: number;
  messageBytes: number;
  /** Bytes the guest asks ConsoleWrite to write (the ABI's maximum). */
  consoleBytes: number;
  /** The functions with the most instructions in each entry's longest segment (at most 3). */
  longestFunctions: Record<string, { function: string; instructions: number }[]>;
}

/** Hypervisor functions whose first instruction names an IRQ segment. */
const IRQ_HANDLERS: readonly [string, string][] = [
  ['hypervisor_hv_on_tick', TICK_ENTRY],
  ['hypervisor_hv_on_irq', DEVICE_IRQ_ENTRY],
  ['uart_isr', UART_IRQ_ENTRY],
];
const IRQ_SAVE = 'bh_port_irq_save';
const IRQ_RESTORE = 'bh_port_irq_restore';
const BEGIN = 'bench_begin';
const DONE = 'bench_done';
const READY = /masked-paths: peer ready/;
const WALL_LIMIT_MS = 180_000;
/** `svc #imm` as objdump prints it (ARM DDI 0406C A8.8.228). */
const SVC = /^svc\s+(0x[0-9a-f]+|\d+)\b/;
/** Guest `svc` sites closer than this are logged as one range (a few guest instructions more). */
const MERGE_GAP = 64;

/** Every `svc` of a guest image with its immediate. */
async function svcSites(elf: string): Promise<Map<number, number>> {
  const dump = await runTool('arm-none-eabi-objdump', ['-d', '--no-show-raw-insn', elf]);
  if (dump.code !== 0) throw new Error(`masked_paths: objdump ${elf}: ${dump.stderr}`);
  const sites = new Map<number, number>();
  for (const insn of parseObjdumpInstructions(dump.stdout)) {
    const m = SVC.exec(insn.text);
    if (m !== null) sites.set(insn.address, Number(m[1]));
  }
  if (sites.size === 0) throw new Error(`masked_paths: no svc in ${elf}`);
  return sites;
}

/** Ranges covering `addresses` (4-byte instructions), neighbours within MERGE_GAP merged. */
export function instructionRanges(addresses: Iterable<number>): AddressRange[] {
  const sorted = [...new Set(addresses)].sort((a, b) => a - b);
  const ranges: AddressRange[] = [];
  for (const address of sorted) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && address - last.end < MERGE_GAP) last.end = address + 4;
    else ranges.push({ start: address, end: address + 4 });
  }
  return ranges;
}

/** The range of function `name` and of the functions it calls or branches to (`bh_port_irq_restore` is a
 *  branch to the BSP's `bsp_irq_restore_cpu`). */
async function functionAndCallees(symbols: ElfSymbols, name: string): Promise<AddressRange[]> {
  const f = symbols.fn(name);
  const ranges: AddressRange[] = [{ start: f.address, end: f.address + Math.max(f.size, 4) }];
  for (const insn of await symbols.disassemble(name)) {
    const m = /^bl?\s+([0-9a-f]+)\s+<([^>+]+)>/.exec(insn.text);
    if (m !== null && m[2] !== name) {
      const target = symbols.fn(m[2]);
      ranges.push({ start: target.address, end: target.address + Math.max(target.size, 4) });
    }
  }
  return ranges;
}

/** Entries in report order: hypercalls by number, unassigned numbers, interrupts, other exceptions,
 *  the idle thread's steps. */
function entryOrder(entries: Iterable<string>): string[] {
  const fixed = [
    ...abiHypercalls(),
    UNASSIGNED_ENTRY,
    TICK_ENTRY,
    DEVICE_IRQ_ENTRY,
    UART_IRQ_ENTRY,
    OTHER_IRQ_ENTRY,
  ];
  const present = [...entries];
  const rest = present.filter((e) => !fixed.includes(e) && e !== RESTART_STEP_ENTRY).sort();
  return [
    ...fixed.filter((e) => present.includes(e)),
    ...rest,
    ...(present.includes(RESTART_STEP_ENTRY) ? [RESTART_STEP_ENTRY] : []),
  ];
}

export async function measureMaskedPaths(): Promise<{
  result: MaskedPathsResult;
  detail: MaskedPathsDetail;
}> {
  const system = maskedPathsSystem();
  const built = await buildBench(system);
  const points = await hypervisorPoints(built.elf);
  const hv = points.symbols;
  // In VM order: main, peer.
  const guests = built.guests.map((g) => g.elf);
  const mainSymbols = await ElfSymbols.load(guests[0]);
  const begin = mainSymbols.fn(BEGIN).address;
  const done = mainSymbols.fn(DONE).address;
  const svcNumbers = new Map<number, number>();
  for (const elf of guests)
    for (const [address, number] of await svcSites(elf)) svcNumbers.set(address, number);
  const irqHandlers = new Map<number, string>();
  for (const [name, entry] of IRQ_HANDLERS) {
    const f = hv.functions.get(name);
    if (f !== undefined) irqHandlers.set(f.address, entry);
  }
  if (!irqHandlers.has(hv.fn('hypervisor_hv_on_tick').address))
    throw new Error('masked_paths: no tick handler');
  const classifier = new CostClassifier(hv);
  const segmenter = new MaskedSegmenter({
    returns: points.returns,
    svcNumbers,
    irqHandlers,
    irqSave: hv.fn(IRQ_SAVE).address,
    irqRestore: await functionAndCallees(hv, IRQ_RESTORE),
    functionId: (pc) => classifier.functionId(pc),
  });
  let counting = false;
  let finished = false;
  let mainConsole: TcpChannel | undefined;
  const peer = async (vm: QemuInstance): Promise<void> => {
    await vm.expect(READY, { timeoutMs: 60_000 });
    mainConsole = await vm.connect('uart1');
    const bus = await vm.connect('uart2');
    // Open the SLCAN channel, then a standard data frame with no data: main's start signal.
    await bus.write(`O\rt${MASKED_START_ID.toString(16).padStart(3, '0')}0\r`);
  };
  try {
    await runWithExecLog({
      label: 'masked_paths',
      elf: built.elf,
      dir: join(built.dir, 'exec-log'),
      // The hypervisor first: most logged addresses are its own (QEMU tries the ranges in order).
      logRanges: [hv.codeRange(), ...instructionRanges([...svcNumbers.keys(), begin, done])],
      wallLimitMs: WALL_LIMIT_MS,
      consume: (pc) => {
        if (!counting) {
          counting = pc === begin;
          return false;
        }
        if (pc === done) {
          finished = true;
          return true;
        }
        segmenter.step(pc);
        return false;
      },
      peer,
    });
  } catch (error) {
    const console1 = mainConsole === undefined ? '(not connected)' : mainConsole.output().slice(-2000);
    throw new Error(`${(error as Error).message}\nmain's console (uart1):\n${console1}`);
  }
  if (!finished) throw new Error('masked_paths: the run ended before bench_done');
  if (segmenter.anomalies.length > 0) {
    throw new Error(`masked_paths: ${segmenter.anomalies.slice(0, 5).join('; ')}`);
  }
  const byEntry: Record<string, MaskedEntry> = {};
  const longestFunctions: MaskedPathsDetail['longestFunctions'] = {};
  let longest = { entry: '', instructions: 0 };
  for (const entry of entryOrder(segmenter.entries.keys())) {
    const stats = segmenter.entries.get(entry)!;
    byEntry[entry] = { max: stats.max, count: stats.count };
    longestFunctions[entry] = topFunctions(stats.longestByFunction, classifier.functionNames, 3);
    if (stats.max > longest.instructions) longest = { entry, instructions: stats.max };
  }
  return {
    result: { byEntry, longest },
    detail: {
      system: system.desc.name,
      tickMicroseconds: system.desc.tickMicroseconds,
      restarts: MASKED_RESTARTS,
      imageBytes: built.placements.find((placement) => placement.vm === 'main')?.size ?? 0,
      restartStepBytes: RESTART_STEP_BYTES,
      messageBytes: MASKED_MESSAGE_BYTES,
      consoleBytes: CONSOLE_MAX_WRITE,
      longestFunctions,
    },
  };
}
