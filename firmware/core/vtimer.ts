// Virtual timers: one one-shot or periodic timer per VM, counted in ticks, raising `VIRQ_TIMER` when
// it expires. The earliest deadline over all VMs is cached so that a tick costs one comparison; the
// per-VM scan runs only when a timer expires or is set.
import { arrayOf, checkIndex, u32 } from '../../transpiler/runtime/index.ts';
import { Ticks, VmIndex } from './domain.ts';
import { MAX_VMS } from './limits.ts';
import { now, tickReached } from './clock.ts';
import { vmCount } from './system.ts';
import { VIRQ_TIMER, virqRaise } from './virq.ts';

export class VirtualTimer {
  armed: boolean = false;
  deadline: Ticks = 0;
  /** Reload period in ticks; 0 for a one-shot timer. */
  period: Ticks = 0;
}

const timers: VirtualTimer[] = arrayOf(MAX_VMS, () => new VirtualTimer());
let anyArmed: boolean = false;
let earliest: u32 = 0;

export function timerOf(vm: VmIndex): VirtualTimer {
  return timers[checkIndex(vm, timers.length)];
}

function recomputeEarliest(): void {
  anyArmed = false;
  let best: u32 = 0;
  const count = vmCount();
  for (let vm: VmIndex = 0; vm < count; vm = u32(vm + 1)) {
    const t = timerOf(vm);
    if (t.armed) {
      const distance = u32(t.deadline - now());
      if (!anyArmed || distance < best) {
        best = distance;
        earliest = t.deadline;
        anyArmed = true;
      }
    }
  }
}

/** Arms VM `vm`'s timer to expire `delay` ticks from now and then every `period` ticks (0: once);
 *  `delay` 0 disarms it. */
export function vtimerSet(vm: VmIndex, delay: Ticks, period: Ticks): void {
  const t = timerOf(vm);
  t.armed = delay !== 0;
  t.deadline = u32(now() + delay);
  t.period = period;
  recomputeEarliest();
}

/** Disarms VM `vm`'s timer (VM start, restart, halt). */
export function vtimerReset(vm: VmIndex): void {
  const t = timerOf(vm);
  t.armed = false;
  t.deadline = 0;
  t.period = 0;
  recomputeEarliest();
}

/** Called once per tick: raises the timer interrupt of every VM whose deadline has come. */
export function vtimerTick(): void {
  if (!anyArmed || !tickReached(earliest)) {
    return;
  }
  const count = vmCount();
  for (let vm: VmIndex = 0; vm < count; vm = u32(vm + 1)) {
    const t = timerOf(vm);
    if (t.armed && tickReached(t.deadline)) {
      virqRaise(vm, VIRQ_TIMER);
      if (t.period === 0) {
        t.armed = false;
      } else {
        t.deadline = u32(t.deadline + t.period);
        if (tickReached(t.deadline)) {
          // Missed periods are not replayed: the next expiry is one period from now.
          t.deadline = u32(now() + t.period);
        }
      }
    }
  }
  recomputeEarliest();
}
