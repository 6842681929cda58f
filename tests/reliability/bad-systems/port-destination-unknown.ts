// Bad system: a port's destination is the unknown VM 'gamma'.
// expect: ports[0].destinations[0]: unknown destination VM 'gamma' (VMs: alpha, beta)
import { mutated } from './base.ts';

export default mutated('ports[0].destinations[0]', 'gamma');
