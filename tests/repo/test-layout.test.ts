// The layout of tests/ (tests/README.md): a test of one part of the code lives in the folder that mirrors
// that part's source folder (`tests/<source folder>/`, e.g. tests/qemu/runner/ for qemu/runner/), and
// only the feature folders named in EXCEPTIONS hold tests that span the code: end-to-end suites on QEMU
// grouped by feature (tests/e2e/<feature>/), the robustness evidence (tests/reliability/), the
// repository checks (tests/repo/) and the whole-transpiler levels (differential, golden). Every folder
// is run by `npm run test:unit` or `npm run test:e2e`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

/** Folders of tests/ (without the `tests/` prefix) whose tests need not mirror a source folder; each
 *  covers its subfolders. Documented in tests/README.md. */
export const EXCEPTIONS = ['e2e', 'reliability', 'repo', 'transpiler/differential', 'transpiler/golden'];

/** Every file git tracks or would track (new files included) that is present. */
function repositoryFiles(): string[] {
  const result = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.status, 0, `git ls-files failed: ${result.stderr}`);
  return [...new Set(result.stdout.split('\0'))].filter((file) => file !== '' && existsSync(file));
}

/** Every folder holding a file outside tests/, with all its parents. */
function sourceFolders(files: readonly string[]): Set<string> {
  const folders = new Set<string>();
  for (const file of files) {
    if (file.startsWith('tests/')) continue;
    for (let dir = posix.dirname(file); dir !== '.'; dir = posix.dirname(dir)) folders.add(dir);
  }
  return folders;
}

const isException = (folder: string): boolean =>
  EXCEPTIONS.some((e) => folder === e || folder.startsWith(`${e}/`));

/** The test files of `files` that break the layout rule, each with the reason. */
export function misplacedTests(files: readonly string[]): string[] {
  const folders = sourceFolders(files);
  const problems: string[] = [];
  for (const file of files) {
    if (!file.startsWith('tests/') || !file.endsWith('.test.ts')) continue;
    const folder = posix.dirname(file).slice('tests/'.length);
    if (folder === '') problems.push(`${file}: directly in tests/`);
    else if (folder === 'e2e') problems.push(`${file}: end-to-end suites sit in tests/e2e/<feature>/`);
    else if (!isException(folder) && !folders.has(folder))
      problems.push(`${file}: no source folder ${folder}/ (tests/README.md: layout)`);
  }
  return problems;
}

describe('repository: tests/ mirrors the source folders', () => {
  const files = repositoryFiles();

  it('places every test in the folder of the code it tests, or in a documented feature folder', () => {
    assert.deepEqual(misplacedTests(files), []);
  });

  it('runs every folder of tests/ in npm run test:unit or test:e2e', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
      .scripts;
    const covered = new Set(
      [scripts['test:unit'], scripts['test:e2e']].flatMap((script) =>
        [...(script ?? '').matchAll(/'tests\/([^/']+)\//g)].map((m) => m[1]),
      ),
    );
    const folders = new Set(
      files.filter((file) => file.endsWith('.test.ts')).map((file) => file.split('/')[1]),
    );
    assert.deepEqual(
      [...folders].filter((folder) => !covered.has(folder)),
      [],
    );
  });

  it('names only feature folders that exist', () => {
    const missing = EXCEPTIONS.filter((e) => !files.some((file) => file.startsWith(`tests/${e}/`)));
    assert.deepEqual(missing, []);
  });

  it('reports a test outside the mirrored folders', () => {
    const sample = [
      'qemu/runner/index.ts',
      'tests/qemu/runner/a.test.ts',
      'tests/uds/b.test.ts',
      'tests/e2e/c.test.ts',
    ];
    assert.deepEqual(misplacedTests(sample), [
      'tests/uds/b.test.ts: no source folder uds/ (tests/README.md: layout)',
      'tests/e2e/c.test.ts: end-to-end suites sit in tests/e2e/<feature>/',
    ]);
  });
});
