// Static analysis of the BSP: cppcheck (warning, style and portability checks, C11, 32-bit target,
// freestanding: no system headers) reports nothing on bsp/. Each board's sources (its CPU layer, its own
// folder and the images built for it) are checked with the include path a build gives them: the board's
// generated board_map.h and its CPU layer, so bsp.h finds that CPU's context.h, cp15.h and cpu_api.h. The
// same invocation is first shown to catch a seeded defect, so a silently misconfigured run cannot pass.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { bspPart } from '../../cli/build/bsp-sources.ts';
import { fromRepo, repoRoot } from '../../cli/build/paths.ts';
import { knownSystems, systemBoard, systemSpec } from '../../cli/build/systems.ts';
import { boards } from '../../bsp/boards.ts';
import { runCppcheck, type CppcheckResult } from '../support/cppcheck.ts';

const BSP_INCLUDE_DIRS = [join(repoRoot, 'bsp', 'include'), join(repoRoot, 'bsp')];

/** The folders of every BSP source some system builds for `board` (repository-relative). */
function foldersOf(board: string): string[] {
  const sources = knownSystems()
    .filter((name) => systemBoard(name) === board)
    .flatMap((name) => systemSpec(name).sources);
  return [...new Set(sources.map((source) => dirname(source)))].sort();
}

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

  it('checks every BSP source with some board', () => {
    const checked = new Set(boards.flatMap((board) => foldersOf(board.name)));
    for (const folder of ['bsp/armv7r', 'bsp/armv8r', 'bsp/realview-eb', 'bsp/mps3-an536']) {
      assert.ok(checked.has(folder), `${folder} is checked with no board`);
    }
  });

  for (const board of boards) {
    it(`reports nothing on the sources built for ${board.name}`, () => {
      const includeDirs = bspPart(board.name).includeDirs.map((dir) => fromRepo(dir));
      for (const folder of foldersOf(board.name)) {
        const result = runCppcheck(fromRepo(folder), { includeDirs: [...includeDirs, fromRepo(folder)] });
        assert.equal(result.status, 0, `${folder}:\n${result.output}`);
        assert.equal(result.output.trim(), '', folder);
      }
    });
  }
});
