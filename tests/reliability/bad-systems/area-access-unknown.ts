// Bad system: an area has the unknown access 'wx'.
// expect: vms[1].memory[1].access: unknown access 'wx' (use one of r, rx, rw, rwx)
// expect: vms[1].stackTop: stack top 0x00220000 is not inside or at the end of a writable (rw/rwx) area of VM 'beta'
import { mutated } from './base.ts';

export default mutated('vms[1].memory[1].access', 'wx');
