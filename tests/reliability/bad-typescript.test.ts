// Out-of-subset TypeScript through the real `bulkhead ts2c`: every program of the negative corpus
// (tests/transpiler/negative/, fixtures/ included) is transpiled on its own command line. Each must exit
// 1, print every diagnostic its `// expect: BHnnnn` annotations name at `file:line:col` (the column is
// the token after the `/*^*/` marker, or the annotation's `(column N)`), say that no C was written,
// and leave its output folder without a `.c` or `.h` file.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

import { recordReliability } from './record.ts';
import { repositoryRoot, runCliBatch, type CliBatchResult } from './run-cli.ts';

const negativeDir = join(repositoryRoot, 'tests', 'transpiler', 'negative');
const MARKER = '/*^*/';

/** A diagnostic the CLI must print. */
interface ExpectedDiagnostic {
  readonly code: string;
  readonly line: number;
  readonly column: number;
}

/** The `// expect:` annotations of a case (the editor-only `// expect (checkProgram):` ones are not the
 *  CLI's); throws naming the file and line on a malformed one. */
function cliExpectations(file: string): ExpectedDiagnostic[] {
  const expected: ExpectedDiagnostic[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const annotation = /\/\/ expect:\s*(.*)$/.exec(text);
      if (annotation === null) return;
      const explicit = /\s*\(column (\d+)\)$/.exec(annotation[1]);
      const codes = (explicit === null ? annotation[1] : annotation[1].slice(0, explicit.index))
        .split(',')
        .map((code) => code.trim());
      if (!codes.every((code) => /^BH\d{4}$/.test(code)))
        throw new Error(`${file}:${index + 1}: malformed annotation '${annotation[0]}'`);
      let column: number;
      if (explicit !== null) column = Number(explicit[1]);
      else {
        const at = text.indexOf(MARKER);
        if (at < 0) throw new Error(`${file}:${index + 1}: annotated line without a ${MARKER} marker`);
        const rest = text.slice(at + MARKER.length);
        column = at + MARKER.length + (rest.length - rest.trimStart().length) + 1;
      }
      for (const code of codes) expected.push({ code, line: index + 1, column });
    });
  if (expected.length === 0) throw new Error(`${file}: no '// expect: BHnnnn' annotation`);
  return expected;
}

const files = [negativeDir, join(negativeDir, 'fixtures')]
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(dir, name)),
  )
  .sort((a, b) => (basename(a) < basename(b) ? -1 : 1));

describe('out-of-subset TypeScript through `bulkhead ts2c` (the negative corpus)', function () {
  this.timeout(120_000);
  mkdirSync(join(repositoryRoot, 'out'), { recursive: true });
  const scratch = mkdtempSync(join(repositoryRoot, 'out', 'bad-typescript-'));
  const outFolder = (file: string): string => join(scratch, basename(file, '.ts'));
  const answers = new Map<string, CliBatchResult>();
  const rejected = new Set<string>();
  const diagnosticsSeen = new Set<string>();

  before(() => {
    const results = runCliBatch(files.map((file) => ['ts2c', file, '-o', outFolder(file)]));
    files.forEach((file, index) => answers.set(file, results[index]));
  });

  after(() => {
    rmSync(scratch, { recursive: true, force: true });
    recordReliability({
      suite: 'bad-typescript',
      title: 'Out-of-subset TypeScript (`bulkhead ts2c`)',
      entries: [
        {
          category: 'bad-input',
          name: 'programs breaking one subset rule each (tests/transpiler/negative)',
          count: files.length,
          outcome:
            `${rejected.size} of ${files.length} rejected: exit 1, every expected diagnostic at file:line:col ` +
            `(${diagnosticsSeen.size} distinct codes), no C written`,
          hypervisorFailures: files.length - rejected.size,
          lostMessages: 0,
        },
      ],
    });
  });

  it('the corpus is there', () => {
    assert.ok(files.length >= 100, `${files.length} negative cases`);
  });

  for (const file of files) {
    const expected = cliExpectations(file);
    it(`${basename(file)}: ${[...new Set(expected.map((e) => e.code))].join(', ')}`, () => {
      const answer = answers.get(file)!;
      const output = `${answer.stderr}${answer.stdout}${answer.uncaught ?? ''}`;
      assert.equal(answer.uncaught, null, `an answer, not an exception:\n${output}`);
      assert.equal(answer.exitCode, 1, `exit code:\n${output}`);
      for (const e of expected) {
        const where = `${basename(file)}:${e.line}:${e.column}`;
        const line = output.split('\n').find((l) => l.includes(`${where} `) && l.includes(e.code));
        assert.ok(line !== undefined, `the output names ${e.code} at ${where}:\n${output}`);
        diagnosticsSeen.add(e.code);
      }
      assert.match(answer.stderr, /bulkhead ts2c: \d+ errors?; no C written/);
      const out = outFolder(file);
      const written = existsSync(out) ? readdirSync(out, { recursive: true }).map(String) : [];
      assert.deepEqual(
        written.filter((name) => /\.[ch]$/.test(name)),
        [],
        'no C is written',
      );
      rejected.add(file);
    });
  }
});
