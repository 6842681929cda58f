// Bad system: two plans are called 'main'.
// expect: plans[1].name: duplicate plan name 'main' (also plans[0].name)
import { derived } from './base.ts';

export default derived((s) => {
  s.plans.push({ ...s.plans[0] });
});
