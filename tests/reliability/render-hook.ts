// Mocha root hook (registered in .mocharc.json): after a run in which every suite of REQUIRED_SUITES
// recorded its evidence afresh — a full `npm test` — renders the report to
// out/reliability/RELIABILITY.md; the committed docs/RELIABILITY.md is written only by
// `npm run reliability`. After a partial run it does nothing, and a report the renderer refuses (an
// entry with failures) only prints why: the failing tests already fail the run.
import { join } from 'node:path';

import { reliabilityOutputFolder } from './record.ts';
import { loadSuites, missingSuites, renderReport } from './render.ts';

/** Where a test run renders the report (never the committed document). */
export const testRunReportPath = join(reliabilityOutputFolder, 'RELIABILITY.md');

const runStarted = Date.now();
/** File times have coarse resolution on some file systems. */
const CLOCK_SLACK_MS = 2000;

export const mochaHooks = {
  async afterAll(): Promise<void> {
    try {
      const fresh = loadSuites().filter((s) => s.recordedAt.getTime() >= runStarted - CLOCK_SLACK_MS);
      if (missingSuites(fresh).length > 0) return;
      const done = await renderReport({ target: testRunReportPath });
      console.log(`reliability report: ${done.suites} suites, ${done.entries} entries → ${done.target}`);
    } catch (error) {
      console.warn(
        `reliability report not written: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  },
};
