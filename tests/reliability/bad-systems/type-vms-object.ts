// Bad system: wrong type: vms is an object, not a list.
// expect: vms: must be a list (got {"alpha":{}})
// expect: vms: the system needs at least one VM
// expect: plans[0].slots[0].vm: unknown VM 'alpha' (VMs: )
// expect: plans[0].slots[1].vm: unknown VM 'beta' (VMs: )
// expect: ports[0].source: unknown source VM 'alpha' (VMs: )
// expect: ports[0].destinations[0]: unknown destination VM 'beta' (VMs: )
// expect: ports[1].source: unknown source VM 'alpha' (VMs: )
// expect: ports[1].destinations[0]: unknown destination VM 'beta' (VMs: )
// expect: console[0].vm: unknown VM 'alpha' (VMs: )
// expect: console[1].vm: unknown VM 'beta' (VMs: )
import { mutated } from './base.ts';

export default mutated('vms', { alpha: {} });
