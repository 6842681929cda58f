// Bad system: the system name is empty.
// expect: name: system name must be a non-empty string (got '')
import { mutated } from './base.ts';

export default mutated('name', '');
