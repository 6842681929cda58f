// Bad system: a slot ends past the major frame.
// expect: plans[0].slots[1].duration: slot ends at tick 11, past the major frame of 10 ticks
import { mutated } from './base.ts';

export default mutated('plans[0].slots[1].duration', 6);
