// Bad system: a VM is given UART1, which carries the virtual CAN bus.
// expect: vms[0].devices[0].device: device 'uart1' cannot be passed through: the system uses it for the virtual CAN bus (vcanUart 1)
import { mutated } from './base.ts';

export default mutated('vms[0].devices[0].device', 'uart1');
