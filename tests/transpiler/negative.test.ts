// The negative corpus: every program in tests/transpiler/negative/ breaks one subset rule, and says in
// its own text which diagnostic it must produce and where: the offending line ends with
// `// expect: BHnnnn` (several codes separated by commas when one spot breaks several rules) and holds
// the marker `/*^*/` right before the offending token, whose column is the expected column (inside a
// comment, where no marker fits, the annotation ends with `(column N)` instead). Each case is
// transpiled on its own: the reported diagnostics must be exactly the expected ones, no C may be
// produced, and the `bulkhead ts2c` command must exit 1 printing `file:line:col`. A few rules can only
// be broken by code TypeScript also rejects: the CLI then reports TypeScript's error (BH1612) and stops,
// while the editor runs the rules anyway; `// expect (checkProgram): BHnnnn` states what `checkProgram`
// reports on such a line. Every code in the diagnostic table must have at least one case.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allDiagnosticCodes, checkProgram, formatDiagnostic, transpile } from '../../transpiler/index.ts';
import { createSubsetProgram } from '../../transpiler/load.ts';
import { createLimiter, PARALLELISM, runProcess, type ProcessResult } from '../support/processes.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const negativeDir = join(repoRoot, 'tests/transpiler/negative');
const ts2cCommand = join(repoRoot, 'cli/commands/ts2c.ts');
const MARKER = '/*^*/';

/** One expected diagnostic: code, 1-based line and column, and which entry point reports it. */
export interface ExpectedDiagnostic {
  code: string;
  line: number;
  column: number;
  /** `transpile` (the CLI; the default) or `checkProgram` (the rules alone, as the editor runs them
   *  even on code TypeScript rejects: `// expect (checkProgram): BHnnnn`). */
  via: 'transpile' | 'checkProgram';
}

/** 1-based column of the first token after the marker (spaces a formatter may insert are skipped). */
function columnAfterMarker(text: string): number {
  const afterMarker = text.indexOf(MARKER) + MARKER.length;
  return afterMarker + (text.slice(afterMarker).length - text.slice(afterMarker).trimStart().length) + 1;
}

/** Reads the `// expect:` annotations of a case; throws, naming the file and line, on a malformed one. */
export function readExpectations(path: string): ExpectedDiagnostic[] {
  const expectations: ExpectedDiagnostic[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const where = `${path}:${index + 1}`;
      const annotation = /\/\/ expect(?: \((checkProgram)\))?:\s*(.*)$/.exec(text);
      const markerCount = text.split(MARKER).length - 1;
      if (annotation === null) {
        if (markerCount > 0) throw new Error(`${where}: marker ${MARKER} without an '// expect:' annotation`);
        return;
      }
      const via = annotation[1] === 'checkProgram' ? 'checkProgram' : 'transpile';
      // `(column N)` replaces the marker where none can be written (inside a comment).
      const explicitColumn = /\s*\(column (\d+)\)$/.exec(annotation[2]);
      const codeList = explicitColumn === null ? annotation[2] : annotation[2].slice(0, explicitColumn.index);
      const codes = codeList.split(',').map((code) => code.trim());
      if (!codes.every((code) => /^BH\d{4}$/.test(code))) {
        throw new Error(
          `${where}: malformed annotation '${annotation[0]}' (want '// expect: BH1234[, BH5678] [(column N)]')`,
        );
      }
      if (markerCount !== (explicitColumn === null ? 1 : 0)) {
        throw new Error(
          `${where}: an annotated line needs exactly one ${MARKER} marker, or none with '(column N)'`,
        );
      }
      const column = explicitColumn === null ? columnAfterMarker(text) : Number(explicitColumn[1]);
      for (const code of codes) expectations.push({ code, line: index + 1, column, via });
    });
  if (!expectations.some((e) => e.via === 'transpile'))
    throw new Error(`${path}: no '// expect: BHnnnn' annotation`);
  return expectations;
}

const render = (d: { code: string; line: number; column: number }): string =>
  `${d.code} at ${d.line}:${d.column}`;
const byPosition = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// Cases that TypeScript itself rejects under the repository's tsconfig (a TypeScript error, a missing
// module, a switch fallthrough) live in negative/fixtures/, which `npm run typecheck` skips.
const caseFiles = [negativeDir, join(negativeDir, 'fixtures')]
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(dir, name)),
  )
  .sort((a, b) => byPosition(basename(a), basename(b)));

// One case per range of the table keeps the command-line check fast (each run starts a process).
const sampleCases: string[] = [];
for (const file of caseFiles) {
  const range = basename(file).slice(0, 'bh10'.length);
  if (!sampleCases.some((taken) => basename(taken).startsWith(range))) sampleCases.push(file);
}

/** A command-line run of one case: the command's result and the files it left in its output directory. */
interface CliRun {
  run: ProcessResult;
  written: string[];
}
let cliRuns: Map<string, Promise<CliRun>> | undefined;

/** Starts the `bulkhead ts2c` run of every sampled case (once; later calls return the same runs). The
 *  runs are independent processes, one per core at a time: started when the first suite of this file
 *  starts, they overlap the in-process corpus, and each command-line test awaits its own run. */
function startCliRuns(): Map<string, Promise<CliRun>> {
  if (cliRuns !== undefined) return cliRuns;
  const runs = new Map<string, Promise<CliRun>>();
  const limit = createLimiter(PARALLELISM);
  for (const file of sampleCases) {
    const result = limit(async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'bulkhead-negative-'));
      try {
        const run = await runProcess(
          process.execPath,
          ['--import', 'tsx', 'cli/main.ts', 'ts2c', file, '-o', outDir],
          { cwd: repoRoot, timeoutMs: 60_000 },
        );
        return { run, written: readdirSync(outDir, { recursive: true }).map(String) };
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    });
    result.catch(() => undefined); // reported by the test
    runs.set(file, result);
  }
  cliRuns = runs;
  return runs;
}

describe('negative corpus (tests/transpiler/negative)', function () {
  this.timeout(120_000);
  before(() => void startCliRuns());

  for (const file of caseFiles) {
    const allExpected = readExpectations(file);
    const expected = allExpected.filter((e) => e.via === 'transpile');
    const expectedFromRules = allExpected.filter((e) => e.via === 'checkProgram');
    it(`${basename(file)}: ${[...new Set(allExpected.map((e) => e.code))].join(', ')}`, () => {
      if (expectedFromRules.length > 0) {
        const rules = checkProgram(createSubsetProgram([file]));
        assert.deepEqual(
          rules.map(render).sort(byPosition),
          expectedFromRules.map(render).sort(byPosition),
          `checkProgram on ${basename(file)}:\n${rules.map(formatDiagnostic).join('\n')}`,
        );
      }
      const result = transpile({ entries: [file] });
      const actual = result.diagnostics.map((d) => {
        assert.equal(d.file, file, `diagnostic outside the case: ${formatDiagnostic(d)}`);
        return render(d);
      });
      assert.deepEqual(
        actual.sort(byPosition),
        expected.map(render).sort(byPosition),
        `diagnostics of ${basename(file)}:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`,
      );
      assert.deepEqual(result.files, [], 'no C may be produced when an error is reported');
      assert.deepEqual(result.modules, []);
    });
  }

  it('has at least one case for every code in the diagnostic table', () => {
    const covered = new Set(caseFiles.flatMap((file) => readExpectations(file).map((e) => e.code)));
    const missing = allDiagnosticCodes().filter((code) => !covered.has(code));
    assert.deepEqual(missing, [], `codes without a negative case: ${missing.join(', ')}`);
  });

  it('expects only codes that exist in the diagnostic table', () => {
    const table = new Set(allDiagnosticCodes());
    const unknown = caseFiles.flatMap((file) =>
      readExpectations(file)
        .filter((e) => !table.has(e.code))
        .map((e) => `${basename(file)}: ${e.code}`),
    );
    assert.deepEqual(unknown, []);
  });
});

describe('bulkhead ts2c on negative cases', function () {
  this.timeout(120_000);
  before(() => void startCliRuns());

  for (const file of sampleCases) {
    it(`${basename(file)}: exits 1, prints file:line:col and code, writes no C`, async function () {
      assert.ok(existsSync(ts2cCommand), `the ts2c command exists: ${ts2cCommand}`);
      const { run, written } = await startCliRuns().get(file)!;
      const output = `${run.stdout}${run.stderr}`;
      assert.equal(run.code, 1, `exit status of ts2c ${basename(file)}; output:\n${output}`);
      for (const e of readExpectations(file).filter((x) => x.via === 'transpile')) {
        const location = new RegExp(
          `${basename(file).replace(/\./g, '\\.')}:${e.line}:${e.column}\\b.*${e.code}`,
        );
        assert.match(output, location, `ts2c output names ${render(e)}`);
      }
      assert.deepEqual(
        written.filter((name) => /\.[ch]$/.test(name)),
        [],
        'no C files are written',
      );
    });
  }
});
