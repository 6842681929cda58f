// Bad system: wrong type: a plan's slots are a string.
// expect: plans[0].slots: must be a list (got 'alpha 0..4')
// expect: plans[0].slots: plan 'main' has no slots
import { mutated } from './base.ts';

export default mutated('plans[0].slots', 'alpha 0..4');
