// Bad system: the virtual CAN bus is put on the hypervisor console UART.
// expect: vcanUart: virtual CAN cannot use uart0: it is the hypervisor console
// expect: console[0].uart: uart0 carries the virtual CAN bus (vcanUart 0)
// expect: console[1].uart: uart0 carries the virtual CAN bus (vcanUart 0)
import { mutated } from './base.ts';

export default mutated('vcanUart', 0);
