// Bad system: a device interrupt is delivered as virq 1 (port notifications).
// expect: vms[0].devices[0].virq: virq 1 is reserved for port notifications (VIRQ_PORT); device interrupts use 8..31
import { mutated } from './base.ts';

export default mutated('vms[0].devices[0].virq', 1);
