// Schedule plans of the firmware tests' systems written as the order of their slots: each slot starts
// where the one before it ended, the first at tick 0, and what is left of the major frame is idle.
import type { SchedulePlan } from '../../../firmware/config/types.ts';

/** One slot of a back-to-back plan: the VM that owns it and its length in ticks. */
export type SlotLength = readonly [vm: string, ticks: number];

/** Plan `name` of `majorFrame` ticks whose slots follow each other from tick 0 in the order given. */
export function backToBackPlan(name: string, majorFrame: number, slots: readonly SlotLength[]): SchedulePlan {
  let start = 0;
  return {
    name,
    majorFrame,
    slots: slots.map(([vm, duration]) => {
      const slot = { vm, start, duration };
      start += duration;
      return slot;
    }),
  };
}
