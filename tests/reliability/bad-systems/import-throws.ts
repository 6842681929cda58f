// Bad system: evaluating the module throws (a description computed by code that fails).
// expect-output: bulkhead build: cannot load '{file}': area table is missing
import { valid } from './base.ts';

function computeAreas(): never {
  throw new Error('area table is missing');
}

export default { ...valid, vms: [{ ...valid.vms[0], memory: computeAreas() }, valid.vms[1]] };
