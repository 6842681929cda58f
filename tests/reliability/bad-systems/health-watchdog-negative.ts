// Bad system: the watchdog period is -5 ticks.
// expect: vms[0].health.watchdogTicks: watchdog period (ticks) -5 is outside 0..4294967295
import { mutated } from './base.ts';

export default mutated('vms[0].health.watchdogTicks', -5);
