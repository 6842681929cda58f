// Bad system: a VM without receive filters has a receive queue.
// expect: vms[0].canRxDepth: receive depth 4 without receive filters; use 0 (no receive queue)
import { mutated } from './base.ts';

export default mutated('vms[0].canRxDepth', 4);
