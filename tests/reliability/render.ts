// Renders docs/RELIABILITY.md from the evidence the robustness tests record in out/reliability/*.json
// (`recordReliability`): totals per category, then every suite with each attack, fuzz campaign, fault
// or bad input, how often it was tried and what happened. It refuses to write the report when any
// entry counts a hypervisor failure or a lost message, or when a suite file is malformed; with
// `--require-all` also when one of the suites `npm test` produces is missing. Suites recorded before
// the run (see `latestRun`) are left out.
// Run: `tsx tests/reliability/render.ts [--require-all]` (the `reliability` script runs the tests first).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

import {
  reliabilityOutputFolder,
  type ReliabilityCategory,
  type ReliabilityEntry,
  type ReliabilitySuite,
} from './record.ts';
import { repositoryRoot } from './run-cli.ts';

export const reportPath = join(repositoryRoot, 'docs', 'RELIABILITY.md');

/** The suites a full `npm test` records (the long fuzzing modes add more when they are run). */
export const REQUIRED_SUITES = [
  'hostile',
  'hc-fuzzer',
  'hc-fuzzer-an536',
  'faults',
  'uds',
  'bad-systems',
  'bad-typescript',
  'bus',
  'bus-fuzz',
  'vm-restart-integrity',
  'uds-server-security',
  'uds-server-input',
  'uds-host',
  'restart-refused',
  'neighbours',
] as const;

const CATEGORIES: readonly ReliabilityCategory[] = ['attack', 'fuzz', 'fault', 'bad-input'];
const CATEGORY_TITLES: Record<ReliabilityCategory, string> = {
  attack: 'attacks',
  fuzz: 'fuzzing',
  fault: 'injected faults',
  'bad-input': 'bad inputs',
};

/** A suite as found on disk, with when it was recorded. */
export interface RecordedSuite extends ReliabilitySuite {
  readonly file: string;
  readonly recordedAt: Date;
}

export class ReliabilityReportError extends Error {}

function checkEntry(file: string, index: number, entry: unknown): ReliabilityEntry {
  const where = `${file}: entries[${index}]`;
  if (typeof entry !== 'object' || entry === null)
    throw new ReliabilityReportError(`${where} is not an object`);
  const e = entry as Record<string, unknown>;
  if (!CATEGORIES.includes(e['category'] as ReliabilityCategory))
    throw new ReliabilityReportError(`${where}.category: unknown category ${JSON.stringify(e['category'])}`);
  for (const key of ['name', 'outcome'] as const)
    if (typeof e[key] !== 'string' || e[key].length === 0)
      throw new ReliabilityReportError(`${where}.${key} must be a non-empty string`);
  for (const key of ['count', 'hypervisorFailures', 'lostMessages'] as const)
    if (!Number.isSafeInteger(e[key]) || (e[key] as number) < 0)
      throw new ReliabilityReportError(
        `${where}.${key} must be a non-negative integer (got ${JSON.stringify(e[key])})`,
      );
  return e as unknown as ReliabilityEntry;
}

/** Every suite file of `folder`, checked; throws naming the file and field of a malformed one. */
export function loadSuites(folder: string = reliabilityOutputFolder): RecordedSuite[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = join(folder, name);
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new ReliabilityReportError(`${file}: not JSON (${(error as Error).message})`);
      }
      const suite = data as Record<string, unknown>;
      if (typeof suite['suite'] !== 'string' || `${suite['suite']}.json` !== name)
        throw new ReliabilityReportError(
          `${file}: suite must be the file's name (got ${JSON.stringify(suite['suite'])})`,
        );
      if (typeof suite['title'] !== 'string')
        throw new ReliabilityReportError(`${file}: title must be a string`);
      if (!Array.isArray(suite['entries']) || suite['entries'].length === 0)
        throw new ReliabilityReportError(`${file}: entries must be a non-empty list`);
      const entries = suite['entries'].map((entry, index) => checkEntry(file, index, entry));
      return {
        suite: suite['suite'],
        title: suite['title'],
        entries,
        file,
        recordedAt: statSync(file).mtime,
      };
    });
}

/** Slack before the first required suite of a run (a long campaign run just before it still counts). */
const RUN_SLACK_MS = 10 * 60 * 1000;
/** Without every required suite, suites recorded this long before the newest one count as earlier. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/** The suites of the latest run, and those recorded before it (left out of the report). The run starts
 *  at the oldest required suite (less RUN_SLACK_MS) when all are there, else an hour before the newest. */
export function latestRun(suites: readonly RecordedSuite[]): {
  current: RecordedSuite[];
  stale: RecordedSuite[];
} {
  const times = (list: readonly RecordedSuite[]) => list.map((s) => s.recordedAt.getTime());
  const required = suites.filter((s) => (REQUIRED_SUITES as readonly string[]).includes(s.suite));
  const start =
    required.length === REQUIRED_SUITES.length
      ? Math.min(...times(required)) - RUN_SLACK_MS
      : Math.max(...times(suites)) - STALE_AFTER_MS;
  return {
    current: suites.filter((s) => s.recordedAt.getTime() >= start),
    stale: suites.filter((s) => s.recordedAt.getTime() < start),
  };
}

/** Suites of REQUIRED_SUITES that `suites` lacks. */
export function missingSuites(suites: readonly ReliabilitySuite[]): string[] {
  return REQUIRED_SUITES.filter((name) => !suites.some((s) => s.suite === name));
}

/** Entries with a hypervisor failure or a lost message, as `suite: name (…)` lines. */
export function failingEntries(suites: readonly ReliabilitySuite[]): string[] {
  return suites.flatMap((s) =>
    s.entries
      .filter((e) => e.hypervisorFailures > 0 || e.lostMessages > 0)
      .map(
        (e) =>
          `${s.suite}: ${e.name} (${e.hypervisorFailures} hypervisor failures, ${e.lostMessages} lost messages)`,
      ),
  );
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const number = (value: number): string => value.toLocaleString('en-US');

/** The report's Markdown (unformatted). Throws when an entry failed: the report only states a clean run. */
export function reportMarkdown(suites: readonly RecordedSuite[]): string {
  const failing = failingEntries(suites);
  if (failing.length > 0)
    throw new ReliabilityReportError(
      `refusing to write a clean reliability report; failing entries:\n${failing.join('\n')}`,
    );
  const all = suites.flatMap((s) => s.entries);
  const lines: string[] = [];
  lines.push('# Reliability report');
  lines.push('');
  lines.push(
    'Generated from the evidence the robustness tests record in `out/reliability/*.json` ' +
      '(`tests/reliability/record.ts`); regenerate with `npm run reliability` (runs those tests, then ' +
      '`tests/reliability/render.ts`). A full `npm test` renders the same report to ' +
      '`out/reliability/RELIABILITY.md`. ' +
      'Do not edit by hand. The renderer refuses to write this page when any entry counts a hypervisor ' +
      'failure or a lost message.',
  );
  lines.push('');
  lines.push('## Totals');
  lines.push('');
  lines.push('| category | entries | tried | hypervisor failures | lost messages |');
  lines.push('| --- | --- | --- | --- | --- |');
  for (const category of CATEGORIES) {
    const entries = all.filter((e) => e.category === category);
    lines.push(
      `| ${CATEGORY_TITLES[category]} | ${entries.length} | ${number(entries.reduce((sum, e) => sum + e.count, 0))} | ` +
        `${entries.reduce((sum, e) => sum + e.hypervisorFailures, 0)} | ${entries.reduce((sum, e) => sum + e.lostMessages, 0)} |`,
    );
  }
  lines.push(
    `| **all** | ${all.length} | ${number(all.reduce((sum, e) => sum + e.count, 0))} | ` +
      `${all.reduce((sum, e) => sum + e.hypervisorFailures, 0)} | ${all.reduce((sum, e) => sum + e.lostMessages, 0)} |`,
  );
  lines.push('');
  const missing = missingSuites(suites);
  if (missing.length > 0) {
    lines.push(`Suites not in this run: ${missing.map((m) => `\`${m}\``).join(', ')}.`);
    lines.push('');
  }
  for (const suite of suites) {
    lines.push(`## ${suite.title}`);
    lines.push('');
    lines.push(
      `Suite \`${suite.suite}\`, recorded ${suite.recordedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    );
    lines.push('');
    lines.push('| category | tried | count | outcome | hypervisor failures | lost messages |');
    lines.push('| --- | --- | --- | --- | --- | --- |');
    for (const e of suite.entries) {
      lines.push(
        `| ${e.category} | ${cell(e.name)} | ${number(e.count)} | ${cell(e.outcome)} | ${e.hypervisorFailures} | ${e.lostMessages} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Renders the suites of `folder` into `target`, formatted with the repository's prettier settings. */
export async function renderReport(
  options: { folder?: string; target?: string; requireAll?: boolean; warn?: (message: string) => void } = {},
): Promise<{ target: string; suites: number; entries: number }> {
  const all = loadSuites(options.folder);
  if (all.length === 0)
    throw new ReliabilityReportError(
      `no reliability evidence in ${options.folder ?? reliabilityOutputFolder}`,
    );
  const { current: suites, stale } = latestRun(all);
  const warn = options.warn ?? ((message: string) => console.warn(message));
  for (const s of stale)
    warn(
      `reliability report: leaving out ${s.file} (recorded ${s.recordedAt.toISOString()}, an earlier run)`,
    );
  const missing = missingSuites(suites);
  if (options.requireAll === true && missing.length > 0)
    throw new ReliabilityReportError(
      `missing reliability suites: ${missing.join(', ')} (run their tests first)`,
    );
  const target = options.target ?? reportPath;
  const config = (await resolveConfig(target)) ?? {};
  writeFileSync(target, await format(reportMarkdown(suites), { ...config, filepath: target }));
  return { target, suites: suites.length, entries: suites.reduce((n, s) => n + s.entries.length, 0) };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  renderReport({ requireAll: process.argv.includes('--require-all') }).then(
    (done) =>
      console.log(`reliability report: ${done.suites} suites, ${done.entries} entries → ${done.target}`),
    (error: unknown) => {
      console.error(`reliability report: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
