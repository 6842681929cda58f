// Bad system: a port has the unknown kind 'mailbox'.
// expect: ports[0].kind: unknown port kind 'mailbox' (use sampling or queuing)
import { mutated } from './base.ts';

export default mutated('ports[0].kind', 'mailbox');
