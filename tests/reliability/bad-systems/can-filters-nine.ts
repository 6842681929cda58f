// Bad system: a VM has nine transmit filters (at most 8).
// expect: vms[0].canTx: 9 transmit filters; at most 8 are allowed
import { mutated } from './base.ts';

export default mutated(
  'vms[0].canTx',
  Array.from({ length: 9 }, (_, i) => ({ match: 0x100 + i, mask: 0x7ff, extended: false })),
);
