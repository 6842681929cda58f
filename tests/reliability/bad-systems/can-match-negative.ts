// Bad system: a filter's match value is negative.
// expect: vms[0].canTx[0].match: match must be a non-negative integer (got -1)
import { mutated } from './base.ts';

export default mutated('vms[0].canTx[0].match', -1);
