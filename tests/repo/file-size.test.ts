// No source file outside tests/ holds more than 600 lines: a file that grows past it is split by job.
// Counted over every file git tracks or would track (new files included), except Markdown documents
// and package-lock.json.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Lines a source file outside tests/ may hold. */
export const MAX_LINES = 600;

/** Files the rule does not cover: tests, documents and the lock file. */
const exempt = (file: string): boolean =>
  file.startsWith('tests/') || file.endsWith('.md') || file === 'package-lock.json';

function repositoryFiles(): string[] {
  const result = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.status, 0, `git ls-files failed: ${result.stderr}`);
  return [...new Set(result.stdout.split('\0'))].filter((file) => file !== '' && existsSync(file));
}

/** Lines of `text`, a last line without a newline included. */
const lineCount = (text: string): number =>
  text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

describe('repository: source files hold at most 600 lines', () => {
  it(`has no source file outside tests/ over ${MAX_LINES} lines`, () => {
    const files = repositoryFiles().filter((file) => !exempt(file));
    assert.ok(
      files.some((file) => file.startsWith('transpiler/')),
      'finds the sources',
    );
    const long = files
      .map((file) => ({ file, lines: lineCount(readFileSync(file, 'latin1')) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    assert.deepEqual(long, [], `files over ${MAX_LINES} lines (split them by job)`);
  });

  it('counts lines with or without a final newline', () => {
    assert.equal(lineCount('a\nb\n'), 2);
    assert.equal(lineCount('a\nb'), 2);
    assert.equal(lineCount(''), 0);
  });
});
