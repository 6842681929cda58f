// Static analysis of the guest SDK's C sources and the test guests: cppcheck (warning, style and
// portability checks, C11, 32-bit target) reports nothing, with the generated headers for VM alpha of
// systems/test-two-vms.ts on the include path and the test guests' build-time defines set.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { repoRoot } from '../../cli/build/paths.ts';
import { writeAbiHeader } from '../../cli/build/generate/abi-header.ts';
import { SYSTEM_HEADER_NAME, systemHeaderText } from '../../cli/build/generate/system-header.ts';
import testTwoVms from '../../systems/test-two-vms.ts';
import { runCppcheck, type CppcheckResult } from '../support/cppcheck.ts';

/** The test guests' build-time defines, pointed at VM beta's data area. */
const TEST_GUEST_DEFINES = [
  'BH_INTRUDER_TARGET=BH_VM_BETA_AREA_DATA_BASE',
  'BH_FOREIGN_ADDRESS=BH_VM_BETA_AREA_DATA_BASE',
];

function cppcheck(target: string, genDir: string): CppcheckResult {
  return runCppcheck(target, {
    defines: TEST_GUEST_DEFINES,
    includeDirs: [join(repoRoot, 'guests', 'sdk', 'include'), genDir],
  });
}

describe('guest SDK and test guests: cppcheck', function () {
  this.timeout(120_000);
  let genDir: string;
  before(() => {
    genDir = mkdtempSync(join(tmpdir(), 'bulkhead-guest-cppcheck-'));
    writeAbiHeader(genDir);
    writeFileSync(join(genDir, SYSTEM_HEADER_NAME), systemHeaderText(testTwoVms, 'alpha'));
  });
  after(() => rmSync(genDir, { recursive: true, force: true }));

  it('finds a planted out-of-bounds write (the check works here)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-guest-cppcheck-bad-'));
    try {
      writeFileSync(
        join(dir, 'bad.c'),
        '#include "bulkhead.h"\nint main(void)\n{\n    char buffer[4];\n    buffer[4] = 1;\n    return bh_console_write(buffer, 4u) == BH_OK;\n}\n',
      );
      const result = cppcheck(dir, genDir);
      assert.equal(result.status, 1, result.output);
      assert.match(result.output, /arrayIndexOutOfBounds|out of bounds/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const dir of ['guests/sdk/src', 'guests/test']) {
    it(`reports nothing in ${dir}`, () => {
      const result = cppcheck(join(repoRoot, dir), genDir);
      assert.equal(result.status, 0, result.output);
      assert.equal(result.output.trim(), '');
    });
  }
});
