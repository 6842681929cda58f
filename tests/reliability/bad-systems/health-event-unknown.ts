// Bad system: the health policy names the unknown event 'stack-overflow'.
// expect: vms[0].health.actions.stack-overflow: unknown health event 'stack-overflow' (use mpu-violation, undefined-instruction, prefetch-abort, bad-hypercall, watchdog, internal-error)
import { mutated } from './base.ts';

export default mutated('vms[0].health.actions', { 'stack-overflow': 'halt' });
