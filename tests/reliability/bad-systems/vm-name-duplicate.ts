// Bad system: two VMs are called 'alpha'.
// expect: vms[1].name: duplicate VM name 'alpha' (also vms[0].name)
// expect: plans[0].slots[1].vm: unknown VM 'beta' (VMs: alpha, alpha)
// expect: ports[0].destinations[0]: unknown destination VM 'beta' (VMs: alpha, alpha)
// expect: ports[1].destinations[0]: unknown destination VM 'beta' (VMs: alpha, alpha)
// expect: console[1].vm: unknown VM 'beta' (VMs: alpha, alpha)
import { mutated } from './base.ts';

export default mutated('vms[1].name', 'alpha');
