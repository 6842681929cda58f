// virq_latency benchmark: a real device interrupt to the first instruction of the guest's registered
// handler, in instructions under QEMU `-icount shift=0`. Start: the IRQ vector (0x18; HVBAR + 0x18 on
// mps3-an536; included) taken for the interrupt of the board's passed-through dual timer (realview-eb:
// the second SP804 module; mps3-an536: the CMSDK APB dual timer), which is passed through to the VM (bench/systems.ts
// `virqSystem`, 4 MPU regions) and programmed by the guest (bench/guests/virq-timer) to fire every
// VIRQ_TIMER_PERIOD_US µs. End: the first instruction of the handler the guest registered with
// VirqSetHandler, i.e. the SDK's upcall entry `bh_virq_entry` (excluded); the C handler it calls
// starts a few instructions later (the entry loads the handler pointer and branches to it). In
// between: exception entry and context save, the BSP's interrupt dispatch, masking the line at the
// GIC, raising the virtual interrupt, the upcall set-up on the VM's context, the trace and the return.
// Method: QEMU's execution log restricted (-dfilter) to the hypervisor's code and the handler entry;
// a sample is an IRQ segment (vector to exception return) whose next logged instruction is the handler
// entry. Hypervisor ticks (segments that return to the spinning guest) are not samples.
import { join } from 'node:path';

import { medianBreakdown, medianFunctions, summarizeSamples } from './call-sites.ts';
import { ElfSymbols } from './elf-symbols.ts';
import { runWithExecLog } from './exec-log.ts';
import type { LatencyResult } from './results.ts';
import {
  boardOf,
  buildBench,
  DEFAULT_BENCH_BOARD,
  mpuRegionCount,
  virqSystem,
  VIRQ_TIMER,
  VIRQ_TIMER_DEVICE,
  VIRQ_TIMER_PERIOD_US,
  type BenchBoard,
} from './systems.ts';
import { hypervisorPoints, TickSegmenter, type TickSegment } from './tick-segments.ts';

/** The SDK's upcall entry: the address the guest registers with VirqSetHandler. */
const UPCALL_ENTRY = 'bh_virq_entry';

export interface VirqLatencyDetail {
  device: string;
  periodMicroseconds: number;
  guestRegions: number;
  /** Address and name of the registered handler (the end point). */
  handlerEntry: string;
  /** Where the instructions of a median sample go (cost category -> instructions). */
  medianBreakdown: Record<string, number>;
  /** The functions with the most instructions in a median sample. */
  medianFunctions: { function: string; instructions: number }[];
}

export async function measureVirqLatency(
  samples: number,
  board: BenchBoard = DEFAULT_BENCH_BOARD,
): Promise<{ latency: LatencyResult; detail: VirqLatencyDetail }> {
  const system = virqSystem(board);
  const built = await buildBench(system);
  const points = await hypervisorPoints(built.elf);
  const guest = await ElfSymbols.load(built.guests[0].elf);
  const entry = guest.fn(UPCALL_ENTRY).address;
  const segmenter = new TickSegmenter(points);
  const latencies: TickSegment[] = [];
  let awaitingNext = false;
  await runWithExecLog({
    label: 'virq_latency',
    elf: built.elf,
    board,
    collapseRepeats: points.vectors,
    dir: join(built.dir, 'exec-log'),
    logRanges: [points.symbols.codeRange(), { start: entry, end: entry + 4 }],
    consume: (pc) => {
      if (awaitingNext) {
        awaitingNext = false;
        if (pc === entry) latencies.push(segmenter.segments[segmenter.segments.length - 1]);
      }
      const before = segmenter.segments.length;
      segmenter.step(pc);
      if (segmenter.segments.length > before) awaitingNext = true;
      return latencies.length >= samples;
    },
  });
  const taken = latencies.slice(0, samples);
  const latency = summarizeSamples(taken.map((segment) => segment.instructions));
  return {
    latency,
    detail: {
      device: `${VIRQ_TIMER[board].description} as virtual interrupt ${VIRQ_TIMER_DEVICE}`,
      periodMicroseconds: VIRQ_TIMER_PERIOD_US,
      guestRegions: mpuRegionCount(system.desc.vms[0], boardOf(system)),
      handlerEntry: `0x${entry.toString(16)} (${UPCALL_ENTRY})`,
      medianBreakdown: medianBreakdown(taken, latency.median),
      medianFunctions: medianFunctions(taken, latency.median, points.classifier),
    },
  };
}
