// Bad system: usesFpu is a number, not a boolean.
// expect: vms[0].usesFpu: must be true or false (got 1)
import { mutated } from './base.ts';

export default mutated('vms[0].usesFpu', 1);
