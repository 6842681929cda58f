// `bulkhead build [system]` end to end: builds the default system into the chosen output root,
// prints arm-none-eabi-size of the ELF and exits 0; an unknown system exits 2 (bad argument) with its name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { repoRoot } from '../../../cli/build/paths.ts';

function bulkhead(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'cli', 'main.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bulkhead build', function () {
  this.timeout(120_000);
  let outRoot: string;

  before(() => {
    outRoot = mkdtempSync(join(tmpdir(), 'bulkhead-build-cmd-'));
  });
  after(() => rmSync(outRoot, { recursive: true, force: true }));

  it('builds the default system (the demo: hypervisor and both guests) and prints the size of the ELF', () => {
    const result = bulkhead(['build', '--out', outRoot]);
    assert.equal(result.status, 0, result.stderr);
    const elf = join(outRoot, 'demo', 'bulkhead.elf');
    assert.match(result.stdout, /text\s+data\s+bss\s+dec\s+hex\s+filename/);
    assert.ok(result.stdout.includes(elf), result.stdout);
    for (const ext of ['elf', 'bin', 'map']) {
      assert.ok(existsSync(join(outRoot, 'demo', `bulkhead.${ext}`)), `bulkhead.${ext} missing`);
    }
  });

  it('builds the bare-metal selftest image by name', () => {
    const result = bulkhead(['build', 'selftest', '--out', outRoot]);
    assert.equal(result.status, 0, result.stderr);
    const elf = join(outRoot, 'selftest', 'bulkhead.elf');
    assert.match(result.stdout, /text\s+data\s+bss\s+dec\s+hex\s+filename/);
    assert.ok(result.stdout.includes(elf), result.stdout);
    for (const ext of ['elf', 'bin', 'map']) {
      assert.ok(existsSync(join(outRoot, 'selftest', `bulkhead.${ext}`)), `bulkhead.${ext} missing`);
    }
  });

  it('exits 2 naming an unknown system', () => {
    const result = bulkhead(['build', 'nonexistent', '--out', outRoot]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown system 'nonexistent'/);
  });
});
