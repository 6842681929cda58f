// Bad system: a VM is given the hypervisor's tick timer.
// expect: vms[0].devices[0].device: device 'timer0' cannot be passed through: it is reserved for the hypervisor tick
import { mutated } from './base.ts';

export default mutated('vms[0].devices[0].device', 'timer0');
