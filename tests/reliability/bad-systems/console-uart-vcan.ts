// Bad system: a console route uses UART1, which carries the virtual CAN bus.
// expect: console[1].uart: uart1 carries the virtual CAN bus (vcanUart 1)
import { mutated } from './base.ts';

export default mutated('console[1].uart', 1);
