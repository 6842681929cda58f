// Bad system: a device assignment has a misspelt field (`irqq` for `virq`'s neighbour `irqBudgetPerFrame`).
// expect: vms[0].devices[0].irqq: unknown field (a device assignment has device, virq, irqBudgetPerFrame)
import { mutated } from './base.ts';

export default mutated('vms[0].devices[0].irqq', 100);
