// Repository-wide checks: the whole TypeScript project type-checks under `strict` with unused locals and
// parameters refused (tsconfig.json; the negative subset corpus, whose cases declare values they never
// read, has its own tsconfig without the unused checks), and every source and document follows the
// Prettier style (.prettierrc.json, .prettierignore).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const bin = (name: string): string => join('node_modules', '.bin', name);

describe('repository: type-check and format', function () {
  this.timeout(120_000);

  for (const project of ['tsconfig.json', 'tests/transpiler/negative/tsconfig.json']) {
    it(`type-checks ${project} with tsc --noEmit (strict)`, function () {
      const result = spawnSync(bin('tsc'), ['-p', project, '--noEmit'], { encoding: 'utf8' });
      assert.equal(result.status, 0, `tsc reported:\n${result.stdout}${result.stderr}`);
    });
  }

  it('follows the Prettier style (prettier --check .)', function () {
    const result = spawnSync(bin('prettier'), ['--check', '.'], { encoding: 'utf8' });
    assert.equal(
      result.status,
      0,
      `files not formatted (run npm run format):\n${result.stdout}${result.stderr}`,
    );
  });
});
