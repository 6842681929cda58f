// Bad system: a slot names the unknown VM 'gamma'.
// expect: plans[0].slots[1].vm: unknown VM 'gamma' (VMs: alpha, beta)
// expect: plans[0].slots: VM 'beta' has no slot in the boot plan 'main'
import { mutated } from './base.ts';

export default mutated('plans[0].slots[1].vm', 'gamma');
