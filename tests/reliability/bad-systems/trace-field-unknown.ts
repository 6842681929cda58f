// Bad system: the trace filter has a misspelt field (`vm` for `vms`).
// expect: trace.vm: unknown field (a trace filter has vms, kinds, omitHypercalls)
import { mutated } from './base.ts';

export default mutated('trace', { vm: ['alpha'] });
