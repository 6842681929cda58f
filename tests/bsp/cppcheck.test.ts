// Static analysis of the BSP: cppcheck (warning, style and portability checks, C11, 32-bit target,
// freestanding: no system headers) reports nothing on bsp/. The same invocation is first shown to
// catch a seeded defect, so a silently misconfigured run cannot pass.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { repoRoot } from '../../cli/build/paths.ts';
import { runCppcheck, type CppcheckResult } from '../support/cppcheck.ts';

const BSP_INCLUDE_DIRS = [join(repoRoot, 'bsp', 'include'), join(repoRoot, 'bsp')];

function cppcheck(target: string): CppcheckResult {
  return runCppcheck(target, { includeDirs: BSP_INCLUDE_DIRS });
}

describe('bsp: cppcheck', function () {
  this.timeout(120_000);

  it('catches a seeded defect with the same settings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-cppcheck-'));
    try {
      writeFileSync(
        join(dir, 'seeded.c'),
        '#include <stdint.h>\nuint32_t seeded(void);\nuint32_t seeded(void)\n{\n    uint32_t table[4] = {0u, 1u, 2u, 3u};\n    return table[4];\n}\n',
      );
      const result = cppcheck(dir);
      assert.equal(result.status, 1, `cppcheck missed an out-of-bounds read:\n${result.output}`);
      assert.match(result.output, /arrayIndexOutOfBounds/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports nothing on bsp/', () => {
    const result = cppcheck(join(repoRoot, 'bsp'));
    assert.equal(result.status, 0, result.output);
    assert.equal(result.output.trim(), '');
  });
});
