// Bad system: the trace UART index is -2.
// expect: traceUart: trace UART -2 is outside -1..3
import { mutated } from './base.ts';

export default mutated('traceUart', -2);
