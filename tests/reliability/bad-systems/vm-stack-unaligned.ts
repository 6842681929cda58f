// Bad system: the stack top is not 8-byte aligned.
// expect: vms[0].stackTop: stack top 0x0011FFFC is not 8-byte aligned (AAPCS)
import { mutated } from './base.ts';

export default mutated('vms[0].stackTop', 0x0011_fffc);
