// Port benchmarks: `sampling_write`, `sampling_read`, `queuing_send` and `queuing_receive` per message
// size, in instructions under QEMU `-icount shift=0`, from the guest's `svc` (`hvc` on mps3-an536;
// included) to its next
// instruction (excluded): entry, checks, the copy between guest and hypervisor memory, the queue or
// sample update, restore and return (a tick taken on the way back lands in that sample: the maximum).
// System (bench/systems.ts `portsSystem`): writer `tx` and reader `rx`, 4 MPU regions each, one
// sampling port `s<size>` and one queuing port `q<size>` (depth = the guests' batch) per size, 10-tick
// slots in turn. The guests (bench/guests/port-tx, port-rx) make a batch of full-size calls per port
// in each slot; every (call, size) has its own `svc` address, found by function name in the guest ELF.
import { join } from 'node:path';

import {
  CallSiteCounter,
  medianFunctions,
  medianBreakdown,
  summarizeSamples,
  hypercallSiteIn,
  type CallSite,
} from './call-sites.ts';
import { CostClassifier, ElfSymbols } from './elf-symbols.ts';
import { runWithExecLog } from './exec-log.ts';
import type { LatencyResult } from './results.ts';
import { buildBench, DEFAULT_BENCH_BOARD, onBoard, portsSystem, type BenchBoard } from './systems.ts';

export const PORT_OPERATIONS = [
  'sampling_write',
  'sampling_read',
  'queuing_send',
  'queuing_receive',
] as const;
export type PortOperation = (typeof PORT_OPERATIONS)[number];

/** Calls per port and slot; also the queues' depth. */
const BATCH = 4;

/** Per operation, per message size (bytes, as a string key): the latency. */
export type PortLatencies = Record<PortOperation, Record<string, LatencyResult>>;

export interface PortsRun {
  latencies: Partial<PortLatencies>;
  /** Per operation: where the instructions of a median call at the smallest size go. */
  smallestSizeBreakdown: Partial<Record<PortOperation, Record<string, number>>>;
  /** Per operation: the functions with the most instructions in that call. */
  smallestSizeFunctions: Partial<Record<PortOperation, { function: string; instructions: number }[]>>;
}

const GUEST_OF: Record<PortOperation, 'tx' | 'rx'> = {
  sampling_write: 'tx',
  queuing_send: 'tx',
  sampling_read: 'rx',
  queuing_receive: 'rx',
};

/** Measures `operations` (default all four) at every size in one run, `samples` calls each. */
export async function measurePorts(
  sizes: readonly number[],
  samples: number,
  operations: readonly PortOperation[] = PORT_OPERATIONS,
  board: BenchBoard = DEFAULT_BENCH_BOARD,
): Promise<PortsRun> {
  const kinds = (['sampling', 'queuing'] as const).filter((kind) =>
    operations.some((op) => op.startsWith(kind)),
  );
  const tag = `${kinds.map((k) => k[0]).join('')}${sizes.length}-${Math.min(...sizes)}-${Math.max(...sizes)}`;
  const system = onBoard(portsSystem(sizes, BATCH, `bench-ports-${tag}`, kinds), board);
  const built = await buildBench(system);
  const vmNames = system.desc.vms.map((vm) => vm.name);
  const elfOf = async (vm: 'tx' | 'rx'): Promise<ElfSymbols> =>
    ElfSymbols.load(built.guests[vmNames.indexOf(vm)].elf);
  const guests = { tx: await elfOf('tx'), rx: await elfOf('rx') };
  const sites: CallSite[] = [];
  const measured = PORT_OPERATIONS.filter((op) => operations.includes(op));
  for (const operation of measured) {
    for (const size of sizes) {
      const address = await hypercallSiteIn(guests[GUEST_OF[operation]], `bench_${operation}_${size}`);
      sites.push({ key: `${operation}/${size}`, address });
    }
  }
  const hypervisor = await ElfSymbols.load(built.elf);
  const classifier = new CostClassifier(hypervisor);
  const counter = new CallSiteCounter(sites, new Set(), classifier);
  await runWithExecLog({
    label: 'ports',
    elf: built.elf,
    board,
    collapseRepeats: hypervisor.vectorTable(),
    dir: join(built.dir, 'exec-log'),
    consume: (pc) => {
      counter.step(pc);
      return counter.has(samples);
    },
    wallLimitMs: 1_200_000,
  });
  const result: Partial<PortLatencies> = {};
  const breakdowns: PortsRun['smallestSizeBreakdown'] = {};
  const functions: PortsRun['smallestSizeFunctions'] = {};
  const smallest = Math.min(...sizes);
  for (const operation of measured) {
    const bySize: Record<string, LatencyResult> = {};
    result[operation] = bySize;
    for (const size of sizes) {
      const trips = counter.trips.get(`${operation}/${size}`)!.slice(0, samples);
      const latency = summarizeSamples(trips.map((trip) => trip.instructions));
      bySize[String(size)] = latency;
      if (size === smallest) {
        breakdowns[operation] = medianBreakdown(trips, latency.median);
        functions[operation] = medianFunctions(trips, latency.median, classifier);
      }
    }
  }
  return { latencies: result, smallestSizeBreakdown: breakdowns, smallestSizeFunctions: functions };
}
