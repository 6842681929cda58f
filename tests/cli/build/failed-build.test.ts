// Job: a failed build leaves no image to boot. A system is built, then its description is broken — it
// fails validation, or its guest fails to compile — and built again: the build exits 1 naming the
// problem, the earlier bulkhead.{elf,bin,map,hex} are gone, `bulkhead run` of the old ELF path says
// there is no such file and `bulkhead run` of the broken description reports the failed build without
// starting QEMU.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../../../cli/build/paths.ts';
import { loadSystemDescription } from '../../../firmware/config/load.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';

function bulkhead(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'cli', 'main.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const FIXTURE_NAME = 'stale-image-check';
const IMAGE_FILES = ['elf', 'bin', 'map', 'hex'].map((ext) => `bulkhead.${ext}`);

describe('a failed build leaves no image to boot', function () {
  this.timeout(600_000);
  let scratch: string;
  let outRoot: string;
  let fixture: string;
  let good: SystemDescription;
  const imageDir = (): string => join(outRoot, FIXTURE_NAME);

  /** Writes the fixture description file. */
  function writeFixture(desc: SystemDescription): void {
    writeFileSync(fixture, `export default ${JSON.stringify(desc, null, 2)};\n`);
  }
  function buildFixture(): ReturnType<typeof bulkhead> {
    return bulkhead(['build', fixture, '--out', outRoot]);
  }
  function assertBuiltImage(): void {
    const built = buildFixture();
    assert.equal(built.code, 0, built.stderr);
    for (const file of IMAGE_FILES) assert.ok(existsSync(join(imageDir(), file)), file);
  }
  function assertNoImage(): void {
    for (const file of IMAGE_FILES) assert.equal(existsSync(join(imageDir(), file)), false, `${file} left`);
    const stale = bulkhead(['run', join(imageDir(), 'bulkhead.elf'), '--timeout', '5']);
    assert.equal(stale.code, 2, stale.stderr);
    assert.match(stale.stderr, /bulkhead\.elf' is not a file/);
  }

  before(async () => {
    mkdirSync(join(repoRoot, 'out'), { recursive: true });
    mkdirSync(join(repoRoot, 'out'), { recursive: true });
    scratch = mkdtempSync(join(repoRoot, 'out', 'failed-build-'));
    outRoot = join(scratch, 'out');
    fixture = join(scratch, `${FIXTURE_NAME}.ts`);
    const oneVm = await loadSystemDescription(join(repoRoot, 'systems', 'test-one-vm.ts'));
    good = { ...oneVm, name: FIXTURE_NAME };
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('a description that fails validation removes the image built before', () => {
    writeFixture(good);
    assertBuiltImage();
    writeFixture({ ...good, tickMicroseconds: 5 });
    const failed = buildFixture();
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /tickMicroseconds: tick period \(µs\) 5 is outside/);
    assertNoImage();
  });

  it('a guest that fails to compile removes the image built before, and `run` reports the failed build', () => {
    writeFixture(good);
    assertBuiltImage();
    // The intruder test guest refuses to compile without the address it is to write to.
    writeFixture({ ...good, vms: [{ ...good.vms[0], image: 'test/intruder' }] });
    const failed = buildFixture();
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /compile failed: guests\/test\/intruder\/main\.c/);
    assertNoImage();
    const run = bulkhead(['run', fixture, '--timeout', '5']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^bulkhead run: cannot build .*stale-image-check\.ts: compile failed/m);
    assert.match(run.stderr, /^bulkhead run: the build failed; nothing was booted$/m);
    assert.doesNotMatch(run.stderr, /QEMU pid/);
    assert.equal(existsSync(join(repoRoot, 'out', FIXTURE_NAME, 'bulkhead.elf')), false);
  });
});
