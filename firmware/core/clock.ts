// The hypervisor's time base: ticks since `hvInit`, advanced by the scheduler on every timer tick,
// and the PMU cycle count at the current tick's start, from which `cyclesIntoTick` gives a time within
// the tick (the trace's sub-tick stamps). Ticks wrap at 2^32; compare instants with `tickReached`,
// never with `<`.
import { i32, u32 } from '../../transpiler/runtime/index.ts';
import { Ticks } from './domain.ts';
import { portReadCycles } from '../port/cpu.ts';

let ticks: Ticks = 0;
/** PMU cycle count when the current tick began. */
let tickStartCycles: u32 = 0;
/** Largest `cyclesIntoTick` (24 bits: the width of the trace's sub-tick field). */
export const CYCLES_INTO_TICK_MAX: u32 = 0xffffff;

/** Ticks elapsed since `hvInit`. */
export function now(): Ticks {
  return ticks;
}

/** Advances the clock by one tick and returns the new time. */
export function advanceClock(): Ticks {
  ticks = u32(ticks + 1);
  tickStartCycles = portReadCycles();
  return ticks;
}

/** Sets the clock back to zero (at `hvInit`). */
export function resetClock(): void {
  ticks = 0;
  tickStartCycles = portReadCycles();
}

/** PMU cycles since the current tick began, saturated at `CYCLES_INTO_TICK_MAX`. */
export function cyclesIntoTick(): u32 {
  const spent = u32(portReadCycles() - tickStartCycles);
  return spent > CYCLES_INTO_TICK_MAX ? CYCLES_INTO_TICK_MAX : spent;
}

/** True when instant `deadline` is at or before the current time (wrap-safe for spans below 2^31). */
export function tickReached(deadline: Ticks): boolean {
  return i32(u32(ticks - deadline)) >= 0;
}

/** Ticks from instant `since` to now (wrap-safe). */
export function ticksSince(since: Ticks): Ticks {
  return u32(ticks - since);
}
