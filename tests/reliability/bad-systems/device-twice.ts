// Bad system: timer1 is passed through to both VMs.
// expect: vms[1].devices[0].device: device 'timer1' is already assigned at vms[0].devices[0] (VM 'alpha')
import { mutated } from './base.ts';

export default mutated('vms[1].devices', [{ device: 'timer1', virq: 9 }]);
