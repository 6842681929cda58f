// Bad system: the default export is a list of systems instead of one description object.
// expect-output: bulkhead build: '{file}' must export its system description as the default export or as `export const system`
import { valid } from './base.ts';

export default [valid, valid];
