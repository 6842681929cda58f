// Bad system: the description names a board Bulkhead does not know.
// expect-output: bulkhead build: {file}: system 'bad-base' is not valid:
// expect-output: board: unknown board 'zynq' (known boards: realview-eb, mps3-an536)
import { mutated } from './base.ts';

export default mutated('board', 'zynq');
