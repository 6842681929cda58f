// Bad system: the entry point lies in the VM's rw data area.
// expect: vms[0].entry: entry 0x00110000 lies in area 'data' whose access 'rw' is not executable (use rx or rwx)
import { mutated } from './base.ts';

export default mutated('vms[0].entry', 0x0011_0000);
