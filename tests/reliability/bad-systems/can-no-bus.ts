// Bad system: a VM has CAN filters in a system without a virtual CAN bus.
// expect: vms[0].canTx: VM 'alpha' has CAN filters but the system has no virtual CAN bus (vcanUart -1)
import { derived } from './base.ts';

export default derived((s) => {
  s.vcanUart = -1;
  s.vms[1].canTx = [];
  s.vms[1].canRx = [];
  s.vms[1].canRxDepth = 0;
});
