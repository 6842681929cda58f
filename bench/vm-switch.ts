// vm_switch benchmark: the tick interrupt at a slot boundary to the first instruction of the next VM,
// in instructions under QEMU `-icount shift=0`. Start: the IRQ vector (0x18, included). End: the first
// instruction of the incoming VM (excluded), i.e. the count runs up to and including the hypervisor's
// exception return. In between: exception entry and context save of the preempted VM, the tick
// (clock, schedule, virtual timers, watchdog), the switch itself (cycle accounting, the MPU reload of
// the incoming VM's regions, VFP state), the trace, context restore and return.
// System (bench/systems.ts `switchSystem`): two VMs with the same number of MPU regions (4 for the
// headline figure; the scaling series varies it), both running bench/guests/spin, in 2-tick slots and
// an idle tick per frame (the idle thread drains the trace ring there). Method: QEMU's execution log
// restricted to the hypervisor's code (bench/tick-segments.ts); a tick that interrupted a guest,
// returned to a guest and wrote an MPU region base register is a switch from one VM to the next; one
// that did so without writing an MPU register is a plain tick.
import type { LatencyResult } from './results.ts';
import { medianBreakdown, summarizeSamples } from './call-sites.ts';
import { mpuRegionCount, switchSystem } from './systems.ts';
import { collectTicks, type TickSegment } from './tick-segments.ts';

/** Slot length of the switch systems: a boundary every other tick, the ticks between are plain. */
export const SWITCH_SLOT_TICKS = 2;
/** MPU regions of the VMs of the headline figure (the target is stated for 4). */
export const HEADLINE_REGIONS = 4;

export interface SwitchRun {
  /** Tick at a slot boundary (MPU reloaded). */
  vmSwitch: LatencyResult;
  /** Tick inside a slot (no switch). */
  plainTick: LatencyResult;
  /** MPU regions of each VM (what a switch loads). */
  guestRegions: number;
  /** DRBAR writes in every switch (regions loaded with values). */
  regionLoads: number;
  /** Where the instructions of a median switch go (cost category -> instructions). */
  medianBreakdown: Record<string, number>;
}

/** Runs the switch system and splits its ticks into switches and plain ticks, `samples` of each. */
export async function measureSwitches(
  options: { regions: number; vmCount?: number; slotsPerFrame?: number },
  samples: number,
): Promise<SwitchRun> {
  const system = switchSystem({ ...options, slotTicks: SWITCH_SLOT_TICKS });
  // A frame of n slots then idle has n - 1 switches from a VM to the next (the first slot starts from
  // the idle thread) and n plain ticks (SWITCH_SLOT_TICKS = 2).
  const ticksPerFrame = system.desc.plans[0]!.majorFrame;
  const slots = system.desc.plans[0]!.slots.length;
  const run = await collectTicks(system, Math.ceil(samples / (slots - 1)) * ticksPerFrame + ticksPerFrame);
  // VM to VM: the tick preempted a guest and loaded the next VM's regions. Plain: a tick inside a slot.
  const switches = run.segments.filter((s) => s.fromGuest && s.toGuest && s.regionLoads > 0);
  const plain = run.segments.filter((s) => s.fromGuest && s.toGuest && s.mpuWrites === 0);
  if (switches.length < samples || plain.length < samples) {
    throw new Error(
      `${system.desc.name}: ${switches.length} switches and ${plain.length} plain ticks in ${run.segments.length} ticks, expected ${samples} of each`,
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
    plainTick: summarizeSamples(plain.slice(0, samples).map((s) => s.instructions)),
    guestRegions: mpuRegionCount(system.desc.vms[0]!),
    regionLoads: [...loads][0]!,
  };
}

export function measureVmSwitch(samples: number): Promise<SwitchRun> {
  return measureSwitches({ regions: HEADLINE_REGIONS }, samples);
}
