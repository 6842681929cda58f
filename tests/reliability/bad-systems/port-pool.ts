// Bad system: the port buffers need more than the 16 KiB pool.
// expect: ports: port buffers need 16464 bytes but the hypervisor port pool has 16384 (16 KiB) (numbers: 16448, latest: 16)
import { mutated, valid } from './base.ts';

export default mutated('ports[0]', { ...valid.ports[0], maxMessageSize: 1024, depth: 16 });
