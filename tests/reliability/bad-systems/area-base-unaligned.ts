// Bad system: an area base is not a multiple of 32.
// expect: vms[1].memory[1].base: 0x00210010 is not aligned to 32 B (the smallest MPU region)
import { mutated } from './base.ts';

export default mutated('vms[1].memory[1].base', 0x0021_0010);
