// Bad system: an area size is not a multiple of 32.
// expect: vms[1].memory[1].size: 1000 (0x000003E8) is not a multiple of 32 B (the smallest MPU region)
// expect: vms[1].stackTop: stack top 0x00220000 is not inside or at the end of a writable (rw/rwx) area of VM 'beta'
import { mutated } from './base.ts';

export default mutated('vms[1].memory[1].size', 1000);
