// Bad system: a port has no destination.
// expect: ports[0].destinations: port 'numbers' has no destination VM
import { mutated } from './base.ts';

export default mutated('ports[0].destinations', []);
