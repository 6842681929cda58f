// Repository-wide checks: the whole TypeScript project type-checks under `strict` with unused locals and
// parameters refused (tsconfig.json; the negative subset corpus, whose cases declare values they never
// read, has its own tsconfig without the unused checks), and every source and document follows the
// Prettier style (.prettierrc.json, .prettierignore). The three checks are independent processes: they
// all start when the suite starts (filling the machine's cores) and each test awaits its own.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runProcess, type ProcessResult } from '../support/processes.ts';

const bin = (name: string): string => join('node_modules', '.bin', name);
const PROJECTS = ['tsconfig.json', 'tests/transpiler/negative/tsconfig.json'];

describe('repository: type-check and format', function () {
  this.timeout(120_000);
  const runs = new Map<string, Promise<ProcessResult>>();

  before(function () {
    for (const project of PROJECTS)
      runs.set(project, runProcess(bin('tsc'), ['-p', project, '--noEmit'], { timeoutMs: 120_000 }));
    runs.set('prettier', runProcess(bin('prettier'), ['--check', '.'], { timeoutMs: 120_000 }));
    for (const run of runs.values()) run.catch(() => undefined); // reported by the tests
  });

  for (const project of PROJECTS) {
    it(`type-checks ${project} with tsc --noEmit (strict)`, async function () {
      const result = await runs.get(project)!;
      assert.equal(result.code, 0, `tsc reported:\n${result.stdout}${result.stderr}`);
    });
  }

  it('follows the Prettier style (prettier --check .)', async function () {
    const result = await runs.get('prettier')!;
    assert.equal(
      result.code,
      0,
      `files not formatted (run npm run format):\n${result.stdout}${result.stderr}`,
    );
  });
});
