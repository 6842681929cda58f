// Bad system: a health event maps to the unknown action 'panic'.
// expect: vms[0].health.actions.watchdog: unknown health action 'panic' (use log, warm-restart, cold-restart, halt, suspend)
import { mutated } from './base.ts';

export default mutated('vms[0].health.actions', { watchdog: 'panic' });
