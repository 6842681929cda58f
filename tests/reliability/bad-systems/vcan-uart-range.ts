// Bad system: the virtual CAN UART index is 7.
// expect: vcanUart: virtual CAN UART 7 is outside -1..3
import { mutated } from './base.ts';

export default mutated('vcanUart', 7);
