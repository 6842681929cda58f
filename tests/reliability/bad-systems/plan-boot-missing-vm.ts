// Bad system: the boot plan gives beta no slot.
// expect: plans[0].slots: VM 'beta' has no slot in the boot plan 'main'
import { mutated } from './base.ts';

export default mutated('plans[0].slots', [{ vm: 'alpha', start: 0, duration: 4 }]);
