// Bad system: a slot lasts 0 ticks.
// expect: plans[0].slots[1].duration: slot duration (ticks) 0 is outside 1..4294967295
import { mutated } from './base.ts';

export default mutated('plans[0].slots[1].duration', 0);
