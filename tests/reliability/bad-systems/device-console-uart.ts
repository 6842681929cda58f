// Bad system: a VM is given UART2 while UART2 carries beta's console.
// expect: vms[0].devices[1].device: device 'uart2' cannot be passed through: the system uses it for console output of VM 'beta'
import { derived } from './base.ts';

export default derived((s) => {
  s.console[1].uart = 2;
  s.vms[0].devices.push({ device: 'uart2', virq: 9 });
});
