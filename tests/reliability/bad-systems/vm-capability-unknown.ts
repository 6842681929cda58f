// Bad system: a VM asks for an unknown capability.
// expect: vms[0].capabilities[0]: unknown capability 'reboot-board' (use restart-vm, halt-vm, switch-plan, read-fault-log, vm-status)
import { mutated } from './base.ts';

export default mutated('vms[0].capabilities[0]', 'reboot-board');
