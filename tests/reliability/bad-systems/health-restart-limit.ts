// Bad system: the restart limit is -1.
// expect: vms[0].health.restartLimit: restart limit -1 is outside 0..255
import { mutated } from './base.ts';

export default mutated('vms[0].health.restartLimit', -1);
