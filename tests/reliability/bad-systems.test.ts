// Bad system descriptions through the real `bulkhead build`: every file of tests/reliability/bad-systems/
// makes one mistake and states, in its own header, the answer it must get: `// expect:` lines are the
// `path: message` configuration errors, `// expect-output:` lines other text of the answer (`{file}`
// stands for the path given on the command line). Each build must exit 1, print exactly the expected configuration errors (or the
// expected text) and write no image: its `--out` folder stays absent. The valid base they start from
// must pass `bulkhead check`, and every rule docs/CONFIG.md documents must have a case.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

import { recordReliability } from './record.ts';
import { repositoryRoot, runCliBatch, runCliProcess, type CliBatchResult } from './run-cli.ts';

const corpusDir = join(repositoryRoot, 'tests', 'reliability', 'bad-systems');
const configDoc = join(repositoryRoot, 'docs', 'CONFIG.md');

/** One bad input: where it is, what it gets wrong and what the build must answer. */
interface BadSystemCase {
  readonly name: string;
  /** The file as stored in the corpus. */
  readonly source: string;
  /** The path handed to `bulkhead build` (a `.ts` copy for files stored as `.ts.broken`). */
  readonly argument: string;
  readonly mistake: string;
  /** `path: message` lines the validator must report, in order. */
  readonly configErrors: readonly string[];
  /** Other text the output must contain (`{file}` replaced). */
  readonly outputTexts: readonly string[];
  /** A known shortcoming of the answer (the case still must be rejected with its message). */
  readonly gap: string | null;
}

/** Reads a case's header; throws naming the file when it lacks its description or expectations. */
function readCase(source: string, argument: string): BadSystemCase {
  const header = readFileSync(source, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('// '));
  const field = (key: string): string[] =>
    header.filter((line) => line.startsWith(`// ${key}: `)).map((line) => line.slice(`// ${key}: `.length));
  const mistake = header.find((line) => line.startsWith('// Bad system: '))?.slice('// Bad system: '.length);
  const configErrors = field('expect');
  const outputTexts = field('expect-output').map((text) => text.replaceAll('{file}', argument));
  if (mistake === undefined || configErrors.length + outputTexts.length === 0)
    throw new Error(
      `${source}: needs a '// Bad system: …' line and '// expect: …' or '// expect-output: …' lines`,
    );
  return {
    name: basename(source).replace(/\.ts(\.broken)?$/, ''),
    source,
    argument,
    mistake,
    configErrors,
    outputTexts,
    gap: field('gap')[0] ?? null,
  };
}

/** Configuration error lines of a `bulkhead build` answer (`  path: message` after the count line). */
function reportedConfigErrors(stderr: string): string[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((line) => /^\d+ configuration errors?:$/.test(line));
  if (start < 0) return [];
  return lines
    .slice(start + 1)
    .filter((line) => line.startsWith('  '))
    .map((line) => line.slice(2));
}

/** A doc example (`path: message`, `…` for elided parts) as a pattern any concrete message of the same
 *  rule matches: indices, numbers, hex values and quoted names become wildcards. */
function ruleShape(example: string): RegExp {
  const token = /…|\([^()]*:[^()]*\)$|0x[0-9A-Fa-f]+|'[^']*'|"[^"]*"|\[\d+\]|-?\d+/g;
  let pattern = '';
  let last = 0;
  for (const match of example.matchAll(token)) {
    pattern += example.slice(last, match.index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const text = match[0];
    if (text === '…') pattern += '.*';
    else if (text.startsWith('(')) pattern += '\\(.*\\)';
    else if (text.startsWith('0x')) pattern += '0x[0-9A-Fa-f]+';
    else if (text.startsWith("'") || text.startsWith('"')) pattern += `['"][^'"]*['"]`;
    else if (text.startsWith('[')) pattern += '\\[\\d+\\]';
    else pattern += '-?\\d+';
    last = match.index + text.length;
  }
  pattern += example.slice(last).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${pattern}$`);
}

/** Every `path: error` example of the rule tables in docs/CONFIG.md. */
function documentedRuleExamples(): string[] {
  const examples: string[] = [];
  for (const line of readFileSync(configDoc, 'utf8').split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').map((cell) => cell.trim());
    const errorCell = cells[cells.length - 2] ?? '';
    for (const match of errorCell.matchAll(/`([^`]+)`/g)) {
      const text = match[1];
      if (/^(…|[A-Za-z]+(\[\d+\])?[.:[])/.test(text) && text.includes(': ')) examples.push(text);
    }
  }
  return examples;
}

/** Documented rules no description can break through `bulkhead build` on this repository's boards. */
const UNREACHABLE_RULES: readonly { readonly example: RegExp; readonly reason: string }[] = [
  {
    example: /^vms: \d+ device interrupts routed/,
    reason: 'realview-eb has 4 devices that can be passed through, so at most 4 interrupts can be routed',
  },
  {
    example: /uses board IRQ \d+ \(GIC ID \d+\), already routed/,
    reason: 'every realview-eb device has its own board IRQ',
  },
  {
    example: /device '[^']*' has no interrupt, so it cannot have an interrupt budget/,
    reason: 'every realview-eb device that can be passed through has an interrupt',
  },
  {
    example: /^board: system is for board/,
    reason:
      'the build looks the board up by the description itself; only the validator library is asked for another board',
  },
];

// Inside the repository (out/ is ignored), so the copies load as ES modules like the corpus files.
mkdirSync(join(repositoryRoot, 'out'), { recursive: true });
const scratch = mkdtempSync(join(repositoryRoot, 'out', 'bad-systems-'));
const stored = readdirSync(corpusDir)
  .filter((name) => (name.endsWith('.ts') && name !== 'base.ts') || name.endsWith('.ts.broken'))
  .sort();
const cases: BadSystemCase[] = stored.map((name) => {
  const source = join(corpusDir, name);
  if (!name.endsWith('.ts.broken')) return readCase(source, relative(repositoryRoot, source));
  const copy = join(scratch, 'sources', name.replace(/\.broken$/, ''));
  mkdirSync(join(scratch, 'sources'), { recursive: true });
  copyFileSync(source, copy);
  return readCase(source, copy);
});
const missingFile = 'tests/reliability/bad-systems/no-such-system.ts';
const outFolder = (name: string): string => join(scratch, 'out', name);

describe('bad system descriptions through `bulkhead build` (tests/reliability/bad-systems)', function () {
  this.timeout(120_000);
  const results = new Map<string, CliBatchResult>();
  let baseCheck: CliBatchResult;
  let missing: CliBatchResult;
  const passed = new Set<string>();

  before(() => {
    const jobs = [
      ['check', 'tests/reliability/bad-systems/base.ts'],
      ['build', missingFile, '--out', outFolder('missing')],
      ...cases.map((c) => ['build', c.argument, '--out', outFolder(c.name)]),
    ];
    const answers = runCliBatch(jobs);
    baseCheck = answers[0]!;
    missing = answers[1]!;
    cases.forEach((c, i) => results.set(c.name, answers[i + 2]));
  });

  after(() => {
    rmSync(scratch, { recursive: true, force: true });
    const malformed = cases.filter((c) => c.configErrors.length === 0);
    const invalid = cases.filter((c) => c.configErrors.length > 0);
    const rejected = (list: BadSystemCase[]) => list.filter((c) => passed.has(c.name)).length;
    const gaps = cases.filter((c) => c.gap !== null && passed.has(c.name));
    recordReliability({
      suite: 'bad-systems',
      title: 'Invalid system descriptions (`bulkhead build`)',
      entries: [
        {
          category: 'bad-input',
          name: 'system descriptions breaking one validation rule each',
          count: invalid.length,
          outcome:
            `${rejected(invalid)} of ${invalid.length} rejected: exit 1, exactly the documented ` +
            `\`path: message\` errors, no image written`,
          hypervisorFailures: invalid.length - rejected(invalid),
          lostMessages: 0,
        },
        {
          category: 'bad-input',
          name: 'malformed description files (syntax error, missing or wrong export, failing import, unknown board)',
          count: malformed.length + 1,
          outcome:
            `${rejected(malformed) + (passed.has('missing') ? 1 : 0)} of ${malformed.length + 1} rejected: exit 1, ` +
            `message naming the file, no image written` +
            (gaps.length > 0 ? `; ${gaps.map((c) => `${c.name}: ${c.gap}`).join('; ')}` : ''),
          hypervisorFailures: malformed.length + 1 - rejected(malformed) - (passed.has('missing') ? 1 : 0),
          lostMessages: 0,
        },
      ],
    });
  });

  it('the valid base every case starts from passes `bulkhead check`', () => {
    assert.equal(baseCheck.exitCode, 0, `bulkhead check base.ts:\n${baseCheck.stderr}${baseCheck.stdout}`);
    assert.match(baseCheck.stdout, /system 'bad-base' on realview-eb: valid/);
  });

  it('the corpus holds at least 40 cases, each with its mistake and expected answer', () => {
    assert.ok(cases.length >= 40, `${cases.length} cases`);
  });

  it('a file that does not exist: exit 2 (bad argument) naming it, nothing written', () => {
    assert.equal(missing.exitCode, 2, missing.stderr);
    assert.equal(missing.uncaught, null);
    assert.ok(
      missing.stderr.includes(`'${missingFile}' does not exist (expected a system description`),
      missing.stderr,
    );
    assert.equal(existsSync(outFolder('missing')), false);
    passed.add('missing');
  });

  for (const c of cases) {
    it(`${c.name}: ${c.mistake}`, () => {
      const answer = results.get(c.name)!;
      const output = `${answer.stderr}${answer.stdout}${answer.uncaught ?? ''}`;
      assert.equal(answer.exitCode, 1, `exit code of bulkhead build ${c.argument}:\n${output}`);
      assert.doesNotMatch(answer.stdout, /^built /m, 'no image is reported built');
      if (c.gap === null) assert.equal(answer.uncaught, null, `an answer, not an exception:\n${output}`);
      if (c.configErrors.length > 0) {
        // The answer names the description file, as `bulkhead check` does.
        const named = `bulkhead build: ${c.argument}: `;
        const headings = answer.stderr.split('\n').filter((line) => line.startsWith(named));
        assert.ok(
          headings.some((line) => /^system '[^']*' is not valid:$/.test(line.slice(named.length))),
          output,
        );
        assert.deepEqual(
          reportedConfigErrors(answer.stderr),
          c.configErrors,
          `configuration errors:\n${output}`,
        );
      }
      for (const text of c.outputTexts)
        assert.ok(output.includes(text), `expected ${JSON.stringify(text)} in:\n${output}`);
      const out = outFolder(c.name);
      assert.ok(!existsSync(out) || readdirSync(out).length === 0, `nothing is written to ${out}`);
      passed.add(c.name);
    });
  }

  it('the executable itself exits 1 with the same answer (one process per input)', async () => {
    const sample = ['syntax-error', 'no-export', 'vm-entry-unaligned', 'port-pool'].map((name) =>
      cases.find((c) => c.name === name)!,
    );
    const answers = await Promise.all(
      sample.map((c) => runCliProcess(['build', c.argument, '--out', outFolder(`process-${c.name}`)])),
    );
    sample.forEach((c, i) => {
      const answer = answers[i];
      assert.equal(answer.exitCode, 1, `${c.name}: ${answer.stderr}`);
      assert.equal(answer.stderr, results.get(c.name)!.stderr, `${c.name}: same message as through main()`);
      assert.equal(existsSync(outFolder(`process-${c.name}`)), false);
    });
  });

  it('every rule docs/CONFIG.md documents has a case (or a stated reason it cannot be broken)', () => {
    const configErrors = cases.flatMap((c) => c.configErrors);
    const outputTexts = cases.flatMap((c) => c.outputTexts);
    const uncovered: string[] = [];
    for (const example of documentedRuleExamples()) {
      if (UNREACHABLE_RULES.some((rule) => rule.example.test(example))) continue;
      const shape = ruleShape(example);
      // A message the CLI prints outside the error list (an unknown board) is matched without its path.
      const message = new RegExp(ruleShape(example.slice(example.indexOf(': ') + 2)).source.slice(1, -1));
      if (!configErrors.some((line) => shape.test(line)) && !outputTexts.some((text) => message.test(text)))
        uncovered.push(example);
    }
    assert.deepEqual(uncovered, [], `documented rules without a bad-system case:\n${uncovered.join('\n')}`);
  });
});
