// Bad system: the description names a board Bulkhead does not know.
// expect-output: unknown board 'zynq' (known boards: realview-eb)
// gap: cli/build/system.ts resolves the board with getBoard(), which throws a plain Error, so the CLI prints a stack trace
import { mutated } from './base.ts';

export default mutated('board', 'zynq');
