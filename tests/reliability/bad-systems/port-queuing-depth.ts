// Bad system: a queuing port is 65 messages deep (at most 64).
// expect: ports[0].depth: queuing port depth (messages) 65 is outside 1..64
import { mutated } from './base.ts';

export default mutated('ports[0].depth', 65);
