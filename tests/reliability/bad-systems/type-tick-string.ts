// Bad system: wrong type: the tick period is the string '1000'.
// expect: tickMicroseconds: tick period (µs) must be an integer (got '1000')
import { mutated } from './base.ts';

export default mutated('tickMicroseconds', '1000');
