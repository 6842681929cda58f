// Bad system: the system has five plans (at most 4).
// expect: plans: 5 plans; at most 4 are allowed
import { derived } from './base.ts';

export default derived((s) => {
  for (let i = 1; i < 5; i++) s.plans.push({ ...s.plans[0], name: `p${i}` });
});
