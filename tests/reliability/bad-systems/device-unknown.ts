// Bad system: a VM is given the unknown device 'uart9'.
// expect: vms[0].devices[0].device: unknown device 'uart9' (board 'realview-eb' has sysregs, uart0, uart1, uart2, uart3, timer0, timer1, gic)
import { mutated } from './base.ts';

export default mutated('vms[0].devices[0].device', 'uart9');
