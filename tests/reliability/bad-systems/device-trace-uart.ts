// Bad system: a VM is given UART3, which carries the trace stream.
// expect: vms[0].devices[0].device: device 'uart3' cannot be passed through: the system uses it for the trace stream (traceUart 3)
import { mutated } from './base.ts';

export default mutated('vms[0].devices[0].device', 'uart3');
