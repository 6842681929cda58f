// No test run and no quick run writes a committed file: the reliability report a full `npm test`
// renders and the outputs of `npm run bench -- --quick` land under out/ (ignored by git), while the
// committed docs/RELIABILITY.md and docs/BENCHMARKS.md are written only by `npm run reliability` and a
// full `npm run bench`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { relative, resolve } from 'node:path';

import { defaultOutputs } from '../../bench/run.ts';
import { reportPath } from '../reliability/render.ts';
import { testRunReportPath } from '../reliability/render-hook.ts';

const root = resolve('.');
const repoPath = (file: string): string => relative(root, file).split('\\').join('/');

/** Whether git would commit `file`: tracked, or not ignored. */
function committable(file: string): boolean {
  const ignored = spawnSync('git', ['check-ignore', '-q', '--no-index', repoPath(file)]);
  return ignored.status !== 0;
}

describe('repository: test and quick runs write no committed file', () => {
  it('a full npm test renders the reliability report under out/, not docs/RELIABILITY.md', () => {
    assert.equal(repoPath(testRunReportPath), 'out/reliability/RELIABILITY.md');
    assert.equal(committable(testRunReportPath), false);
    assert.equal(repoPath(reportPath), 'docs/RELIABILITY.md', 'npm run reliability writes the document');
  });

  it('npm run bench -- --quick writes its JSON and report under out/', () => {
    const quick = defaultOutputs(true);
    assert.match(repoPath(quick.json), /^out\//);
    assert.match(repoPath(quick.report), /^out\//);
    assert.equal(committable(quick.json), false);
    assert.equal(committable(quick.report), false);
    assert.notEqual(quick.json, defaultOutputs(false).json, 'a quick run leaves the full results alone');
  });

  it('a full npm run bench writes docs/BENCHMARKS.md', () => {
    assert.equal(repoPath(defaultOutputs(false).report), 'docs/BENCHMARKS.md');
    assert.equal(committable(defaultOutputs(false).report), true);
  });
});
