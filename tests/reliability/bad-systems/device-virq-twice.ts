// Bad system: two devices of a VM share virq 8.
// expect: vms[0].devices[1].virq: virq 8 is already used by vms[0].devices[0] ('timer1') in VM 'alpha'
import { mutated } from './base.ts';

export default mutated('vms[0].devices', [
  { device: 'timer1', virq: 8 },
  { device: 'uart2', virq: 8 },
]);
