// Bad system: a VM has two console routes.
// expect: console[1].vm: VM 'alpha' already has a console route (console[0])
import { mutated } from './base.ts';

export default mutated('console[1].vm', 'alpha');
