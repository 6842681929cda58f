// Bad system: a port's source is also its destination.
// expect: ports[0].destinations[1]: VM 'alpha' is the port's source and cannot also be a destination
import { mutated } from './base.ts';

export default mutated('ports[0].destinations', ['beta', 'alpha']);
