// Bad system: the default health action is 'reboot'.
// expect: vms[0].health.defaultAction: unknown health action 'reboot' (use log, warm-restart, cold-restart, halt, suspend)
import { mutated } from './base.ts';

export default mutated('vms[0].health.defaultAction', 'reboot');
