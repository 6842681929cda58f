// Bad system: the entry point lies in no area of the VM.
// expect: vms[0].entry: entry 0x00500000 is not inside any memory area of VM 'alpha'
import { mutated } from './base.ts';

export default mutated('vms[0].entry', 0x0050_0000);
