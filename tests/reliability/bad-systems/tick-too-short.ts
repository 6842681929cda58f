// Bad system: the tick period is 50 µs (minimum 100).
// expect: tickMicroseconds: tick period (µs) 50 is outside 100..1000000
import { mutated } from './base.ts';

export default mutated('tickMicroseconds', 50);
