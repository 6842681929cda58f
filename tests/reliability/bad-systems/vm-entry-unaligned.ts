// Bad system: an ARM entry point is not 4-byte aligned.
// expect: vms[0].entry: ARM entry 0x00100002 is not 4-byte aligned (set bit 0 for a Thumb entry)
import { mutated } from './base.ts';

export default mutated('vms[0].entry', 0x0010_0002);
