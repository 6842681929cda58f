// The python code of docs/UDS-TOOLS.md: the documented key function computes the same keys as the
// host tester's `securityKeyFor` (reference vectors, default and other secrets), run with python3; the
// udsoncan/can-isotp example (not installable here) is at least valid Python.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_SECURITY_SECRET, securityKeyFor } from '../../../qemu/uds/security.ts';
import { pythonBlock } from './helpers/doc-blocks.ts';

const PYTHON = process.env['BULKHEAD_PYTHON'] ?? '/usr/bin/python3';

describe('docs/UDS-TOOLS.md python code', function () {
  this.timeout(20_000);

  it('the key function gives the host tester keys for the reference seeds', () => {
    const cases: [number, number][] = [
      [0x12345678, DEFAULT_SECURITY_SECRET],
      [0xdeadbeef, DEFAULT_SECURITY_SECRET],
      [0xffffffff, DEFAULT_SECURITY_SECRET],
      [0x00000001, 0x11111111],
    ];
    const calls = cases
      .map(
        ([seed, secret]) =>
          `print(bulkhead_key(1, (${seed}).to_bytes(4, 'big'), {'secret': ${secret}}).hex())`,
      )
      .join('\n');
    const result = spawnSync(PYTHON, ['-c', `${pythonBlock('key-algorithm')}\n${calls}\n`], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      result.stdout.trim().split('\n'),
      cases.map(([seed, secret]) => securityKeyFor(seed, secret).toString(16).padStart(8, '0')),
    );
  });

  it('the udsoncan example and the python-can script are valid Python', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-uds-doc-'));
    try {
      for (const tag of ['udsoncan-example', 'read-vin-python-can']) {
        const file = join(dir, `${tag.replace(/-/g, '_')}.py`);
        writeFileSync(file, pythonBlock(tag));
        const result = spawnSync(PYTHON, ['-m', 'py_compile', file], { encoding: 'utf8' });
        assert.equal(result.status, 0, `${tag}: ${result.stderr}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
