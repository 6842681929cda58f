// Bad system: wrong type: an area base is a string.
// expect: vms[1].memory[1].base: must be a non-negative integer address (got 0x00210000)
import { mutated } from './base.ts';

export default mutated('vms[1].memory[1].base', '0x00210000');
