// Bad system: two ports are called 'numbers'.
// expect: ports[1].name: duplicate port name 'numbers' (also ports[0].name)
import { mutated } from './base.ts';

export default mutated('ports[1].name', 'numbers');
