// Bad system: a sampling port's refresh period is -1.
// expect: ports[1].refreshTicks: refresh period (ticks) -1 is outside 0..4294967295
import { mutated } from './base.ts';

export default mutated('ports[1].refreshTicks', -1);
