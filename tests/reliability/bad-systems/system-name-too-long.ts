// Bad system: the system name has 32 characters.
// expect: name: system name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' must be 1..31 letters, digits, '_', '-' or '.'
import { mutated } from './base.ts';

export default mutated('name', 'a'.repeat(32));
