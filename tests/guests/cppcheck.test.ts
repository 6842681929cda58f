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
import { retargetSystem } from '../../firmware/config/retarget.ts';
import testTwoVms from '../../systems/test-two-vms.ts';
import { runCppcheck, type CppcheckResult } from '../support/cppcheck.ts';

/** The test guests' build-time defines, pointed at VM beta's data area. */
const TEST_GUEST_DEFINES = [
  'BH_INTRUDER_TARGET=BH_VM_BETA_AREA_DATA_BASE',
  'BH_FOREIGN_ADDRESS=BH_VM_BETA_AREA_DATA_BASE',
];

/** The test guests that run only at EL1 on an Armv8-R core (built with BH_HYPERCALL_HVC). */
const EL1_GUESTS = ['guests/test/el1-hostile', 'guests/test/el1-checker'];
/** Their configuration: hypercalls by HVC, and the hypervisor word the hostile guest reads. */
const EL1_GUEST_DEFINES = ['BH_HYPERCALL_HVC', 'BH_EL1_HOSTILE_HYPERVISOR_WORD=0x20000000u'];

function cppcheck(
  target: string,
  genDir: string,
  defines = TEST_GUEST_DEFINES,
  ignore: string[] = [],
): CppcheckResult {
  return runCppcheck(target, {
    defines,
    ignore,
    includeDirs: [join(repoRoot, 'guests', 'sdk', 'include'), genDir],
  });
}

describe('guest SDK and test guests: cppcheck', function () {
  this.timeout(120_000);
  let genDir: string;
  let el1GenDir: string;
  before(() => {
    genDir = mkdtempSync(join(tmpdir(), 'bulkhead-guest-cppcheck-'));
    writeAbiHeader(genDir);
    writeFileSync(join(genDir, SYSTEM_HEADER_NAME), systemHeaderText(testTwoVms, 'alpha'));
    el1GenDir = mkdtempSync(join(tmpdir(), 'bulkhead-guest-cppcheck-el1-'));
    writeAbiHeader(el1GenDir);
    const onAn536 = retargetSystem(testTwoVms, 'mps3-an536');
    writeFileSync(join(el1GenDir, SYSTEM_HEADER_NAME), systemHeaderText(onAn536, 'alpha'));
  });
  after(() => {
    rmSync(genDir, { recursive: true, force: true });
    rmSync(el1GenDir, { recursive: true, force: true });
  });

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
      const ignore = EL1_GUESTS.map((guest) => join(repoRoot, guest));
      const result = cppcheck(join(repoRoot, dir), genDir, TEST_GUEST_DEFINES, ignore);
      assert.equal(result.status, 0, result.output);
      assert.equal(result.output.trim(), '');
    });
  }

  for (const dir of EL1_GUESTS) {
    it(`reports nothing in ${dir} (Armv8-R: HVC, mps3-an536)`, () => {
      const result = cppcheck(join(repoRoot, dir), el1GenDir, EL1_GUEST_DEFINES);
      assert.equal(result.status, 0, result.output);
      assert.equal(result.output.trim(), '');
    });
  }
});
