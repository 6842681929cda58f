// Bad system: the trace filter names an event kind the trace does not have.
// expect: trace.kinds[0]: 'syscall' is not a trace event kind (slot, hypercall, irq, fault, health-action, port, plan-switch, upcall, vm-state)
import { mutated } from './base.ts';

export default mutated('trace', { kinds: ['syscall'] });
