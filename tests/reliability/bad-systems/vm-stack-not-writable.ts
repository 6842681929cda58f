// Bad system: the stack top lies in the VM's read-only code area.
// expect: vms[0].stackTop: stack top 0x00108000 is not inside or at the end of a writable (rw/rwx) area of VM 'alpha'
import { mutated } from './base.ts';

export default mutated('vms[0].stackTop', 0x0010_8000);
