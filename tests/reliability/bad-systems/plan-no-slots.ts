// Bad system: a plan has no slots.
// expect: plans[1].slots: plan 'p1' has no slots
import { derived } from './base.ts';

export default derived((s) => {
  s.plans.push({ name: 'p1', majorFrame: 10, slots: [] });
});
