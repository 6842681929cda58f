// vm_switch benchmark: the tick interrupt at a slot boundary to the first instruction of the next VM,
// in instructions under QEMU `-icount shift=0`. Start: the IRQ vector (0x18 on realview-eb, HVBAR + 0x18
// on mps3-an536; included). End: the first
// instruction of the incoming VM (excluded), i.e. the count runs up to and including the hypervisor's
// exception return. In between: exception entry and context save of the preempted VM, the tick
// (clock, schedule, virtual timers, watchdog), the switch itself (cycle accounting, the MPU reload of
// the incoming VM's regions, VFP state), the trace, context restore and return. On mps3-an536 the
// regions are the EL2 MPU's (PMSAv8-32, one HPRBAR/HPRLAR pair per area) and the return is ERET.
// System (bench/systems.ts `switchSystem`): two VMs with the same number of MPU regions (4 for the
// headline figure; the scaling series varies it), both running bench/guests/spin, in turn in eight
// one-tick slots and an idle tick per frame (the idle thread drains the trace ring there); the tick
// series of bench/scaling.ts use 2-tick slots, whose middle ticks are plain ticks. Method: QEMU's execution log
// restricted to the hypervisor's code (bench/tick-segments.ts); a tick that interrupted a guest,
// returned to a guest and wrote an MPU region base register is a switch from one VM to the next; one
// that did so without writing an MPU register is a plain tick.
import type { LatencyResult } from './results.ts';
import { medianBreakdown, medianFunctions, summarizeSamples } from './call-sites.ts';
import {
  boardOf,
  DEFAULT_BENCH_BOARD,
  mpuRegionCount,
  onBoard,
  switchSystem,
  type BenchBoard,
} from './systems.ts';
import { collectTicks, type TickSegment } from './tick-segments.ts';

/** MPU regions of the VMs of the headline figure (the target is stated for 4). */
export const HEADLINE_REGIONS = 4;
/** The headline system: two VMs in turn in eight one-tick slots, then an idle tick (7 switches per frame). */
export const HEADLINE_SWITCH = { regions: HEADLINE_REGIONS, vmCount: 2, slotsPerFrame: 8, slotTicks: 1 };

export interface SwitchOptions {
  regions: number;
  vmCount: number;
  slotsPerFrame: number;
  /** 1: every slot tick is a boundary; 2 or more: the ticks between boundaries are plain ticks. */
  slotTicks: number;
}

export interface SwitchRun {
  /** Tick at a slot boundary (MPU reloaded). */
  vmSwitch: LatencyResult;
  /** Tick inside a slot (no switch); only when the slots are longer than one tick. */
  plainTick?: LatencyResult;
  /** MPU regions of each VM (what a switch loads). */
  guestRegions: number;
  /** DRBAR writes in every switch (regions loaded with values). */
  regionLoads: number;
  /** Where the instructions of a median switch go (cost category -> instructions). */
  medianBreakdown: Record<string, number>;
  /** The functions with the most instructions in a median switch. */
  medianFunctions: { function: string; instructions: number }[];
}

/** Runs the switch system and splits its ticks into switches and plain ticks, `samples` of each. */
export async function measureSwitches(
  options: SwitchOptions,
  samples: number,
  board: BenchBoard = DEFAULT_BENCH_BOARD,
): Promise<SwitchRun> {
  const system = onBoard(switchSystem(options), board);
  // A frame of n slots then idle has n - 1 switches from a VM to the next (the first slot starts from
  // the idle thread) and n * (slotTicks - 1) plain ticks.
  const ticksPerFrame = system.desc.plans[0].majorFrame;
  const slots = options.slotsPerFrame;
  const frames = Math.ceil(
    samples / Math.min(slots - 1, options.slotTicks > 1 ? slots * (options.slotTicks - 1) : Infinity),
  );
  const run = await collectTicks(system, (frames + 1) * ticksPerFrame);
  // VM to VM: the tick preempted a guest and loaded the next VM's regions. Plain: a tick inside a slot.
  const switches = run.segments.filter((s) => s.fromGuest && s.toGuest && s.regionLoads > 0);
  const plain = run.segments.filter((s) => s.fromGuest && s.toGuest && s.mpuWrites === 0);
  if (switches.length < samples || (options.slotTicks > 1 && plain.length < samples)) {
    throw new Error(
      `${system.desc.name}: ${switches.length} switches and ${plain.length} plain ticks in ${run.segments.length} ticks, expected ${samples}`,
    );
  }
  const loads = new Set(switches.map((s: TickSegment) => s.regionLoads));
  if (loads.size !== 1) {
    throw new Error(
      `${system.desc.name}: switches loaded different region counts (${[...loads].join(', ')})`,
    );
  }
  const vmSwitch = summarizeSamples(switches.slice(0, samples).map((s) => s.instructions));
  return {
    vmSwitch,
    medianBreakdown: medianBreakdown(switches.slice(0, samples), vmSwitch.median),
    medianFunctions: medianFunctions(switches.slice(0, samples), vmSwitch.median, run.points.classifier),
    ...(options.slotTicks > 1
      ? { plainTick: summarizeSamples(plain.slice(0, samples).map((s) => s.instructions)) }
      : {}),
    guestRegions: mpuRegionCount(system.desc.vms[0], boardOf(system)),
    regionLoads: [...loads][0],
  };
}

export function measureVmSwitch(
  samples: number,
  board: BenchBoard = DEFAULT_BENCH_BOARD,
): Promise<SwitchRun> {
  return measureSwitches(HEADLINE_SWITCH, samples, board);
}
