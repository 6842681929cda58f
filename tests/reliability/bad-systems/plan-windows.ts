// Bad system: a plan needs 35 windows (at most 32).
// expect: plans[0].slots: plan 'main' needs 35 windows (slots and idle gaps); at most 32 are allowed
import { derived } from './base.ts';

export default derived((s) => {
  s.plans[0].majorFrame = 40;
  s.plans[0].slots = Array.from({ length: 17 }, (_, i) => ({
    vm: i % 2 === 0 ? 'alpha' : 'beta',
    start: 1 + i * 2,
    duration: 1,
  }));
});
