// Bad system: a filter's 'extended' flag is the string 'yes'.
// expect: vms[1].canRx[0].extended: must be true (29-bit identifiers) or false (11-bit) (got 'yes')
import { mutated } from './base.ts';

export default mutated('vms[1].canRx[0].extended', 'yes');
