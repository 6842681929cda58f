// Bad system: wrong type: a VM's health policy is null.
// expect: vms[0].health: health policy must be an object (got null)
import { mutated } from './base.ts';

export default mutated('vms[0].health', null);
