// Bad system: the system name has a space and '!'.
// expect: name: system name 'my system!' must be 1..31 letters, digits, '_', '-' or '.'
import { mutated } from './base.ts';

export default mutated('name', 'my system!');
