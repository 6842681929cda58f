// hypercall_null benchmark: the round trip of the Version hypercall, from the guest's `svc` instruction
// (realview-eb; `hvc #0` on mps3-an536, where the guest runs at EL1 and the call enters the Hyp vector
// table at HVBAR) (included) to the guest's next instruction after it (excluded), in instructions.
//
// Method: USR code cannot read the PMU cycle counter (the hypervisor leaves PMUSERENR.EN clear) and
// GetTime returns ticks, so the count is taken outside the guest. The benchmark guest
// (bench/guests/hypercall-null) issues the Version hypercall back to back; QEMU runs it under
// `-icount shift=0` with one instruction per translation block (`-accel tcg,one-insn-per-tb=on`) and logs every block it
// executes (`-d exec,nochain`), i.e. every instruction with its address. Each sample is the number of
// logged instructions from the `svc` at the guest's Version call site up to the instruction after it.
// That covers everything the round trip executes: exception entry and context save, dispatch, the
// Version call, the trace event and its streaming to the trace UART at the end of the entry, context
// restore and the return. Interrupts are masked while the hypervisor runs, but a tick that becomes
// pending during the call is taken as the guest resumes, before its next instruction: that sample then
// includes the tick handler (the outlier at the top). Under icount, instructions and PMU cycles are the
// same number.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { buildHypervisorSystemFrom } from '../cli/build/system.ts';
import type { SystemDescription } from '../firmware/config/types.ts';
import { withQemu } from '../qemu/runner/index.ts';
import oneVm from '../systems/test-one-vm.ts';
import { hypercallNumberOf, summarizeSamples } from './call-sites.ts';
import { ElfSymbols } from './elf-symbols.ts';
import { oneInstructionPerBlock, RepeatFilter, type AddressRange } from './exec-log.ts';
import type { LatencyResult } from './results.ts';
import { BENCH_OUT_ROOT, DEFAULT_BENCH_BOARD, descOnBoard, type BenchBoard } from './systems.ts';

/** Guest folder relative to `guests/` (the build resolves guests below it). */
export const GUEST = '../bench/guests/hypercall-null';
/** Calls the guest makes (its BENCH_HYPERCALLS). */
export const CALLS = 1100;
/** The Version hypercall's number (docs/HYPERCALLS.md). */
const VERSION = 0;
const DONE = 'hypercall-null done';
const WALL_LIMIT_MS = 60_000;

/** Address of the `svc #0` / `hvc #0` (Version) in the guest's `main`. */
async function versionCallSite(guestElf: string): Promise<{ address: number; mnemonic: string }> {
  const symbols = await ElfSymbols.load(guestElf);
  const sites = (await symbols.disassemble('main')).filter(
    (insn) => hypercallNumberOf(insn.text) === VERSION,
  );
  if (sites.length !== 1)
    throw new Error(
      `hypercall_null: expected one Version call in main of ${guestElf}, found ${sites.length}`,
    );
  return { address: sites[0].address, mnemonic: sites[0].text.split(' ')[0] };
}

/** One round trip: its instruction count and how many of them each function (QEMU's symbol) executed. */
export interface RoundTrip {
  instructions: number;
  bySymbol: Map<string, number>;
}

/** Round trips in an exec log: instructions from each execution of `site` to the next one of `site + 4`. */
export function roundTripsFromExecLog(
  log: string,
  site: number,
  siteLabel = 'guest svc',
  vectors?: AddressRange,
): RoundTrip[] {
  const repeats = new RepeatFilter(vectors);
  const trips: RoundTrip[] = [];
  const linePattern = /^Trace \d+: \S+ \[[0-9a-f]+\/([0-9a-f]+)\/[0-9a-f]+\/[0-9a-f]+\]\s*(\S*)/;
  let current: RoundTrip | undefined;
  for (const line of log.split('\n')) {
    const m = linePattern.exec(line);
    if (m === null) continue;
    const pc = parseInt(m[1], 16);
    if (!repeats.keep(pc)) continue;
    if (current !== undefined && pc === site + 4) {
      trips.push(current);
      current = undefined;
    }
    if (pc === site) current = { instructions: 0, bySymbol: new Map() };
    if (current !== undefined) {
      current.instructions++;
      const symbol = pc === site ? siteLabel : m[2] || `0x${pc.toString(16)}`;
      current.bySymbol.set(symbol, (current.bySymbol.get(symbol) ?? 0) + 1);
    }
  }
  return trips;
}

/** min / median (lower middle) / max of the round-trip counts: the call-site benchmarks' summary. */
export const summarize: (samples: readonly number[]) => LatencyResult = summarizeSamples;

export interface HypercallNullResult {
  latency: LatencyResult;
  /** Guest address of the measured `svc`. */
  callSite: string;
  /** Instructions per function in a round trip of median length, largest first. */
  medianBreakdown: { symbol: string; instructions: number }[];
}

export async function measureHypercallNull(
  board: BenchBoard = DEFAULT_BENCH_BOARD,
): Promise<HypercallNullResult> {
  const desc = { ...oneVm, name: 'bench-hypercall-null' } as SystemDescription;
  const built = await buildHypervisorSystemFrom(descOnBoard(desc, board), {
    outRoot: BENCH_OUT_ROOT,
    guests: { solo: GUEST },
  });
  const site = await versionCallSite(built.guests[0].elf);
  const logFile = join(built.dir, 'exec.log');
  rmSync(logFile, { force: true });
  await withQemu(
    {
      elf: built.elf,
      board,
      icount: { shift: 0 },
      extraArgs: [...oneInstructionPerBlock, '-d', 'exec,nochain', '-D', logFile],
    },
    async (vm) => {
      const started = Date.now();
      while (!vm.output().includes(DONE)) {
        if (vm.exited) throw new Error(`hypercall_null: QEMU exited before '${DONE}': ${vm.stderr()}`);
        if (Date.now() - started > WALL_LIMIT_MS) {
          throw new Error(
            `hypercall_null: no '${DONE}' within ${WALL_LIMIT_MS} ms; console:\n${vm.output()}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  );
  if (!existsSync(logFile) || statSync(logFile).size === 0)
    throw new Error(`hypercall_null: QEMU wrote no exec log ${logFile}`);
  const trips = roundTripsFromExecLog(
    readFileSync(logFile, 'latin1'),
    site.address,
    `guest ${site.mnemonic}`,
    (await ElfSymbols.load(built.elf)).vectorTable(),
  ).slice(0, CALLS);
  rmSync(logFile, { force: true });
  if (trips.length < CALLS) {
    throw new Error(`hypercall_null: ${trips.length} round trips in the exec log, expected ${CALLS}`);
  }
  const latency = summarize(trips.map((trip) => trip.instructions));
  const median = trips.find((trip) => trip.instructions === latency.median)!;
  return {
    latency,
    callSite: `0x${site.address.toString(16)}`,
    medianBreakdown: [...median.bySymbol.entries()]
      .map(([symbol, instructions]) => ({ symbol, instructions }))
      .sort((a, b) => b.instructions - a.instructions || a.symbol.localeCompare(b.symbol)),
  };
}
