// Bad system: an area has size 0.
// expect: vms[1].memory[1].size: must be a positive integer byte count (got 0)
// expect: vms[1].stackTop: stack top 0x00220000 is not inside or at the end of a writable (rw/rwx) area of VM 'beta'
import { mutated } from './base.ts';

export default mutated('vms[1].memory[1].size', 0);
