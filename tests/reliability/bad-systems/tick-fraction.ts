// Bad system: the tick period is not an integer.
// expect: tickMicroseconds: tick period (µs) must be an integer (got 1000.5)
import { mutated } from './base.ts';

export default mutated('tickMicroseconds', 1000.5);
