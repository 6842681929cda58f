// Bad system: the trace filter names a VM the system does not have.
// expect: trace.vms[1]: 'gamma' is not a VM of this system (alpha, beta)
import { mutated } from './base.ts';

export default mutated('trace', { vms: ['alpha', 'gamma'] });
