// Bad system: a VM lists a capability twice.
// expect: vms[0].capabilities[1]: capability 'vm-status' is listed twice
import { mutated } from './base.ts';

export default mutated('vms[0].capabilities', ['vm-status', 'vm-status']);
