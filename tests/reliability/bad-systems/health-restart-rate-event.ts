// Bad system: a policy action for `restart-rate`, whose action is fixed.
// expect: vms[0].health.actions.restart-rate: health event 'restart-rate' has a fixed action (log: a restart request past the rate is refused) and cannot be configured
import { mutated } from './base.ts';

export default mutated('vms[0].health.actions.restart-rate', 'halt');
