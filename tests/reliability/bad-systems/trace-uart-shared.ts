// Bad system: the trace shares UART1 with the virtual CAN bus.
// expect: traceUart: trace and virtual CAN cannot share uart1 (vcanUart 1)
import { mutated } from './base.ts';

export default mutated('traceUart', 1);
