// Bad system: a port's messages are 1025 bytes (at most 1024).
// expect: ports[0].maxMessageSize: message size (bytes) 1025 is outside 1..1024
import { mutated } from './base.ts';

export default mutated('ports[0].maxMessageSize', 1025);
