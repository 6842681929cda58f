// Bad system: a sampling port has depth 2.
// expect: ports[1].depth: sampling port depth must be 1 (got 2)
import { mutated } from './base.ts';

export default mutated('ports[1].depth', 2);
