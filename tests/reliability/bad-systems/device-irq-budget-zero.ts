// Bad system: a passed-through device may raise no interrupt at all per major frame.
// expect: vms[0].devices[0].irqBudgetPerFrame: interrupt budget per major frame 0 is outside 1..1000000
import { mutated } from './base.ts';

export default mutated('vms[0].devices[0].irqBudgetPerFrame', 0);
