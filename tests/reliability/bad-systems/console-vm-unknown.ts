// Bad system: a console route names the unknown VM 'gamma'.
// expect: console[1].vm: unknown VM 'gamma' (VMs: alpha, beta)
import { mutated } from './base.ts';

export default mutated('console[1].vm', 'gamma');
