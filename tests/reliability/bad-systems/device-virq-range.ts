// Bad system: a device interrupt is delivered as virq 32.
// expect: vms[0].devices[0].virq: virtual interrupt 32 is outside 0..31
import { mutated } from './base.ts';

export default mutated('vms[0].devices[0].virq', 32);
