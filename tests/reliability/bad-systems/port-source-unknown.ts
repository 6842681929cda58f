// Bad system: a port's source is the unknown VM 'gamma'.
// expect: ports[0].source: unknown source VM 'gamma' (VMs: alpha, beta)
import { mutated } from './base.ts';

export default mutated('ports[0].source', 'gamma');
