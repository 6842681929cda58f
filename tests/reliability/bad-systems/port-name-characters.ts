// Bad system: a port name has a slash.
// expect: ports[1].name: port name 'latest/value' must be 1..31 letters, digits, '_', '-' or '.'
import { mutated } from './base.ts';

export default mutated('ports[1].name', 'latest/value');
