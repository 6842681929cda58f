// Bad system: a restart rate over a window of 0 ticks.
// expect: vms[0].health.restartRate.ticks: restart rate window (ticks) 0 is outside 1..4294967295
import { mutated } from './base.ts';

export default mutated('vms[0].health.restartRate', { restarts: 3, ticks: 0 });
