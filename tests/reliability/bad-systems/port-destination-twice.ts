// Bad system: a port lists its destination twice.
// expect: ports[0].destinations[1]: destination VM 'beta' is listed twice
import { mutated } from './base.ts';

export default mutated('ports[0].destinations', ['beta', 'beta']);
