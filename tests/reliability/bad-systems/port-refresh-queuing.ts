// Bad system: a queuing port has a refresh period.
// expect: ports[0].refreshTicks: refresh period applies to sampling ports only; use 0 (got 5)
import { mutated } from './base.ts';

export default mutated('ports[0].refreshTicks', 5);
