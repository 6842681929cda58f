// Bad system: a slot starts before the previous one.
// expect: plans[0].slots[1].start: slot starts at tick 0, before the previous slot plans[0].slots[0] (start 5); sort slots by start
import { mutated } from './base.ts';

export default mutated('plans[0].slots', [
  { vm: 'beta', start: 5, duration: 4 },
  { vm: 'alpha', start: 0, duration: 4 },
]);
