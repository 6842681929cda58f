// Bad system: a console route uses UART3, which carries the trace.
// expect: console[1].uart: uart3 carries the trace stream (traceUart 3)
import { mutated } from './base.ts';

export default mutated('console[1].uart', 3);
