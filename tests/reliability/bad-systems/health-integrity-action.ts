// Bad system: the health policy tries to configure the fixed action of the integrity event.
// expect: vms[0].health.actions.integrity: health event 'integrity' has a fixed action (halt: a VM whose image fails its integrity check is not started) and cannot be configured
import { mutated } from './base.ts';

export default mutated('vms[0].health.actions', { integrity: 'log' });
