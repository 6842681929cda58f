// Bad system: two slots overlap.
// expect: plans[0].slots[1].start: ticks 3..6 overlap plans[0].slots[0] (VM 'alpha', ticks 0..3)
import { mutated } from './base.ts';

export default mutated('plans[0].slots[1].start', 3);
