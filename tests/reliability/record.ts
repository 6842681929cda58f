// Reliability evidence: each robustness test records what it tried and what happened as one JSON file
// per suite under `out/reliability/`; `docs/RELIABILITY.md` is rendered from these files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What kind of bad thing an entry is. */
export type ReliabilityCategory = 'attack' | 'fuzz' | 'fault' | 'bad-input';

/** One attack, fuzz campaign, injected fault or bad-input corpus, and its observed outcome. */
export interface ReliabilityEntry {
  readonly category: ReliabilityCategory;
  /** Short name of what was tried, e.g. `write into the other VM`. */
  readonly name: string;
  /** How many times it was tried (attacks issued, fuzz calls, faults injected, inputs fed). */
  readonly count: number;
  /** What happened, in one sentence, from the test's observations (e.g. `contained: data abort at
   *  0x00210000, cold restart, neighbour missed 0 slots`). */
  readonly outcome: string;
  /** Hypervisor failures observed (crash, hang, invariant violation, wrong answer). */
  readonly hypervisorFailures: number;
  /** Messages (port messages, CAN frames) lost by a partition that was not under attack. */
  readonly lostMessages: number;
}

/** The evidence of one test suite. */
export interface ReliabilitySuite {
  readonly suite: string;
  readonly title: string;
  readonly entries: readonly ReliabilityEntry[];
}

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folder the suites are written to. */
export const reliabilityOutputFolder = join(repositoryRoot, 'out', 'reliability');

/** Writes (replaces) `out/reliability/<suite>.json`. */
export function recordReliability(suite: ReliabilitySuite): string {
  if (!/^[a-z0-9-]+$/.test(suite.suite)) {
    throw new Error(`reliability suite name "${suite.suite}" must be lower-case letters, digits and '-'`);
  }
  const file = join(reliabilityOutputFolder, `${suite.suite}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(suite, null, 2)}\n`);
  return file;
}
