// Bad system: a VM has no memory areas.
// expect: vms[1].memory: VM 'beta' has no memory areas
// expect: vms[1].entry: entry 0x00200000 is not inside any memory area of VM 'beta'
// expect: vms[1].stackTop: stack top 0x00220000 is not inside or at the end of a writable (rw/rwx) area of VM 'beta'
import { mutated } from './base.ts';

export default mutated('vms[1].memory', []);
