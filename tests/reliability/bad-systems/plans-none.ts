// Bad system: the system has no schedule plan.
// expect: plans: the system needs at least one schedule plan (the first runs at boot)
import { mutated } from './base.ts';

export default mutated('plans', []);
