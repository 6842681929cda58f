// Bad system: a plan's major frame is 0 ticks.
// expect: plans[1].majorFrame: major frame (ticks) 0 is outside 1..4294967295
// expect: plans[1].slots: plan 'p1' has no slots
import { derived } from './base.ts';

export default derived((s) => {
  s.plans.push({ name: 'p1', majorFrame: 0, slots: [] });
});
