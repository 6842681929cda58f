// The hypervisor's time base: ticks since `hvInit`, advanced by the scheduler on every timer tick.
// Ticks wrap at 2^32; compare instants with `tickReached`, never with `<`.
import { i32, u32 } from '../../transpiler/runtime/index.ts';
import { Ticks } from './domain.ts';

let ticks: Ticks = 0;

/** Ticks elapsed since `hvInit`. */
export function now(): Ticks {
  return ticks;
}

/** Advances the clock by one tick and returns the new time. */
export function advanceClock(): Ticks {
  ticks = u32(ticks + 1);
  return ticks;
}

/** Sets the clock back to zero (at `hvInit`). */
export function resetClock(): void {
  ticks = 0;
}

/** True when instant `deadline` is at or before the current time (wrap-safe for spans below 2^31). */
export function tickReached(deadline: Ticks): boolean {
  return i32(u32(ticks - deadline)) >= 0;
}

/** Ticks from instant `since` to now (wrap-safe). */
export function ticksSince(since: Ticks): Ticks {
  return u32(ticks - since);
}
