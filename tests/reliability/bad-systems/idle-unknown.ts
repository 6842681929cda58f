// Bad system: the idle thread is asked to 'sleep', which is neither of its two ways.
// expect: idle: idle must be 'wait' or 'poll' (got 'sleep')
import { mutated } from './base.ts';

export default mutated('idle', 'sleep');
