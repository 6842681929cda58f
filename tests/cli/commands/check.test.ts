// Tests of `bulkhead check`, run as a real process through the CLI: the demo system passes with a
// summary, a broken description (an unknown board included) fails with path-named errors, a module
// without a description export and a missing file are refused with exit code 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

function bulkheadCheck(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'cli', 'main.ts'), 'check', ...args],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bulkhead check', function () {
  this.timeout(60_000);

  it('accepts the demo system and prints VMs, regions, plan utilisation and UART roles', () => {
    const { status, stdout } = bulkheadCheck('systems/demo.ts');
    assert.equal(status, 0);
    assert.match(stdout, /system 'demo' on realview-eb: valid/);
    assert.match(stdout, /control \(guests\/control\): 3\/16 MPU regions/);
    assert.match(
      stdout,
      /normal \(boot\): major frame 10 ticks \(10 ms\): control 5 \(50%\), diag 3 \(30%\), idle 2 \(20%\)/,
    );
    assert.match(stdout, /uart1: virtual CAN \(SLCAN\)/);
  });

  it('checks systems/demo.ts when no file is given', () => {
    const { status, stdout } = bulkheadCheck();
    assert.equal(status, 0);
    assert.match(stdout, /system 'demo'/);
  });

  it('rejects a broken description with every error named by its path (exit 1)', () => {
    const { status, stderr } = bulkheadCheck(join(fixtures, 'overlapping-system.ts'));
    assert.equal(status, 1);
    assert.match(stderr, /3 configuration errors:/);
    assert.match(stderr, /vms\[1\]\.entry: entry 0x00200000 is not inside any memory area of VM 'diag'/);
    assert.match(
      stderr,
      /vms\[1\]\.memory\[0\]\.base: 0x00140000\.\.0x001BFFFF overlaps vms\[0\]\.memory\[1\] \('data', 0x00140000\.\.0x0017FFFF\)/,
    );
    assert.match(
      stderr,
      /plans\[0\]\.slots\[1\]\.duration: slot ends at tick 14, past the major frame of 10 ticks/,
    );
  });

  it('reports an unknown board as a configuration error at path board (exit 1)', () => {
    const { status, stderr } = bulkheadCheck(join(fixtures, 'unknown-board.ts'));
    assert.equal(status, 1);
    assert.match(stderr, /1 configuration error:/);
    assert.match(stderr, /board: unknown board 'zynq' \(known boards: realview-eb, mps3-an536\)/);
  });

  it('refuses a module without a system export and a missing file (exit 2)', () => {
    const noExport = bulkheadCheck(join(fixtures, 'no-export.ts'));
    assert.equal(noExport.status, 2);
    assert.match(
      noExport.stderr,
      /must export its system description as the default export or as `export const system`/,
    );
    const missing = bulkheadCheck('systems/nope.ts');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /'systems\/nope.ts' does not exist/);
  });
});
