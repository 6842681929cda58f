// Bad system: an 11-bit filter has the mask 0x800.
// expect: vms[0].canTx[0].mask: mask 0x800 exceeds the 11-bit identifier range (max 0x7FF)
import { mutated } from './base.ts';

export default mutated('vms[0].canTx[0].mask', 0x800);
