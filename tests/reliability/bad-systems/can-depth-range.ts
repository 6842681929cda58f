// Bad system: the CAN receive queue is 65 frames deep (at most 64).
// expect: vms[1].canRxDepth: virtual-CAN receive depth (frames) 65 is outside 1..64
import { mutated } from './base.ts';

export default mutated('vms[1].canRxDepth', 65);
