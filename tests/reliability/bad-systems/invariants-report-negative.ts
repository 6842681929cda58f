// Bad system: the invariant report period is -1 ticks.
// expect: invariantsReportTicks: invariant report period (ticks) -1 is outside 0..2147483647
import { mutated } from './base.ts';

export default mutated('invariantsReportTicks', -1);
