// The reliability report renderer on suites written to a scratch folder: totals per category and one
// row per entry; a refusal (nothing written) when an entry counts a hypervisor failure or a lost
// message, when a suite file is malformed, and with --require-all when a required suite is missing;
// suites of an earlier run left out.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ReliabilityEntry, ReliabilitySuite } from './record.ts';
import { REQUIRED_SUITES, renderReport } from './render.ts';

const entry = (overrides: Partial<ReliabilityEntry> = {}): ReliabilityEntry => ({
  category: 'attack',
  name: 'write into the other VM',
  count: 3,
  outcome: 'contained',
  hypervisorFailures: 0,
  lostMessages: 0,
  ...overrides,
});

describe('reliability report renderer (tests/reliability/render.ts)', () => {
  let folder: string;
  let target: string;
  const write = (suite: ReliabilitySuite, file = `${suite.suite}.json`): void =>
    writeFileSync(join(folder, file), JSON.stringify(suite));
  const writeAllRequired = (): void => {
    for (const name of REQUIRED_SUITES) write({ suite: name, title: `Suite ${name}`, entries: [entry()] });
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'bulkhead-render-'));
    target = join(folder, 'RELIABILITY.md');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('writes totals per category and a row per entry', async () => {
    writeAllRequired();
    write({
      suite: 'bus',
      title: 'Bus flood',
      entries: [
        entry({ category: 'fuzz', name: 'flood | lines', count: 1234 }),
        entry({ category: 'bad-input', count: 7 }),
      ],
    });
    const done = await renderReport({ folder, target, requireAll: true });
    assert.equal(done.suites, REQUIRED_SUITES.length);
    const text = readFileSync(target, 'utf8');
    // Every required suite but `bus` (overwritten above) keeps one attack entry of count 3.
    const attacks = REQUIRED_SUITES.length - 1;
    assert.match(text, new RegExp(`\\| attacks +\\| ${attacks} +\\| ${attacks * 3} +\\| 0 +\\| 0 +\\|`));
    assert.match(text, /\| fuzzing +\| 1 +\| 1,234 +\| 0 +\| 0 +\|/);
    assert.match(text, /\| bad inputs +\| 1 +\| 7 +\| 0 +\| 0 +\|/);
    assert.match(text, /## Bus flood/);
    assert.match(text, /flood \\\| lines/, 'a | in a cell is escaped');
  });

  it('refuses to write a clean report when an entry has a hypervisor failure or a lost message', async () => {
    writeAllRequired();
    write({
      suite: 'hostile',
      title: 'Hostile',
      entries: [entry(), entry({ name: 'spin', hypervisorFailures: 1 })],
    });
    await assert.rejects(
      renderReport({ folder, target }),
      /hostile: spin \(1 hypervisor failures, 0 lost messages\)/,
    );
    write({ suite: 'hostile', title: 'Hostile', entries: [entry({ lostMessages: 2 })] });
    await assert.rejects(renderReport({ folder, target }), /0 hypervisor failures, 2 lost messages/);
    assert.equal(existsSync(target), false, 'nothing written');
  });

  it('refuses malformed suite files, naming the file and the field', async () => {
    write({ suite: 'bus', title: 'Bus', entries: [entry({ count: -1 })] });
    await assert.rejects(
      renderReport({ folder, target }),
      /bus\.json: entries\[0\]\.count must be a non-negative integer/,
    );
    write({ suite: 'other-name', title: 'Bus', entries: [entry()] }, 'bus.json');
    await assert.rejects(renderReport({ folder, target }), /bus\.json: suite must be the file's name/);
    writeFileSync(join(folder, 'bus.json'), '{');
    await assert.rejects(renderReport({ folder, target }), /bus\.json: not JSON/);
  });

  it('with --require-all, refuses when a suite npm test records is missing', async () => {
    write({ suite: 'bus', title: 'Bus', entries: [entry()] });
    await assert.rejects(
      renderReport({ folder, target, requireAll: true }),
      /missing reliability suites: hostile/,
    );
    await renderReport({ folder, target });
    assert.match(readFileSync(target, 'utf8'), /Suites not in this run: `hostile`/);
  });

  it('leaves out suites recorded before the run', async () => {
    writeAllRequired();
    write({ suite: 'old-campaign', title: 'Old campaign', entries: [entry()] });
    const dayAgo = new Date(Date.now() - 24 * 3600 * 1000);
    utimesSync(join(folder, 'old-campaign.json'), dayAgo, dayAgo);
    const warnings: string[] = [];
    await renderReport({ folder, target, warn: (message) => warnings.push(message) });
    assert.doesNotMatch(readFileSync(target, 'utf8'), /Old campaign/);
    assert.match(warnings.join('\n'), /leaving out .*old-campaign\.json .*an earlier run/);
  });
});
