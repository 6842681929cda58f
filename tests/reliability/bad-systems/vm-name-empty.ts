// Bad system: a VM's name is empty.
// expect: vms[0].name: VM name must be a non-empty string (got '')
// expect: plans[0].slots[0].vm: unknown VM 'alpha' (VMs: , beta)
// expect: plans[0].slots: VM '' has no slot in the boot plan 'main'
// expect: ports[0].source: unknown source VM 'alpha' (VMs: , beta)
// expect: ports[1].source: unknown source VM 'alpha' (VMs: , beta)
// expect: console[0].vm: unknown VM 'alpha' (VMs: , beta)
import { mutated } from './base.ts';

export default mutated('vms[0].name', '');
