// Bad system: a console route uses UART 4.
// expect: console[1].uart: console UART 4 is outside 0..3
import { mutated } from './base.ts';

export default mutated('console[1].uart', 4);
