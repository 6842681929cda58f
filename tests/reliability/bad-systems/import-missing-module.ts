// Bad system: the module imports a file that does not exist.
// expect-output: bulkhead build: cannot load '{file}': Cannot find module
// @ts-expect-error -- the imported module is missing on purpose
import { valid } from './no-such-base.ts';

export default valid;
