// The BSP's structural rules: the CPU layers (bsp/armv7r, bsp/armv8r) and the public API (bsp/include)
// never include board headers, and the public API names no CPU layer; the BSP includes nothing from the layers above; every C, assembly, header
// and linker-script file opens with a comment naming the TRM, datasheet or specification it follows;
// the context block's layout lives in one header and the assembly uses its named offsets only.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

import { repoRoot } from '../../cli/build/paths.ts';

const bspRoot = join(repoRoot, 'bsp');

function filesUnder(dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path, pattern));
    else if (pattern.test(entry.name)) found.push(path);
  }
  return found.sort();
}

function includes(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*#\s*include\s+["<]([^">]+)[">]/gm)].map((m) => m[1]);
}

const cLike = /\.(c|h|S)$/;

describe('bsp: layering and documentation rules', () => {
  it('keeps the CPU layers, the common part and the public API free of board headers', () => {
    // A board directory is one with a board description board.ts.
    const boards = readdirSync(bspRoot, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(bspRoot, e.name, 'board.ts')))
      .map((e) => e.name);
    assert.ok(boards.includes('realview-eb') && boards.includes('mps3-an536'));
    for (const dir of ['armv7r', 'armv8r', 'common', 'include']) {
      for (const file of filesUnder(join(bspRoot, dir), cLike)) {
        for (const included of includes(file)) {
          assert.ok(
            !boards.some((board) => included.startsWith(`${board}/`)),
            `${relative(repoRoot, file)} includes board header ${included}`,
          );
        }
      }
    }
  });

  it('keeps bsp.h free of any CPU layer name: it includes the CPU headers by their plain names', () => {
    const included = includes(join(bspRoot, 'include', 'bsp.h'));
    assert.deepEqual(
      included.filter((header) => header.includes('/')),
      [],
    );
    for (const header of ['context.h', 'cp15.h', 'psr.h', 'cpu_api.h']) {
      assert.ok(included.includes(header), `bsp.h does not include ${header}`);
      for (const cpu of ['armv7r', 'armv8r']) {
        assert.ok(existsSync(join(bspRoot, cpu, header)), `bsp/${cpu} has no ${header}`);
      }
    }
  });

  it('includes nothing from above the BSP', () => {
    const allowed =
      /^(armv7r\/|armv8r\/|common\/|realview-eb\/|mps3-an536\/|board_map\.h$|bsp\.h$|(context|cp15|psr|cpu_api)\.h$|selftest\.h$|el2_selftest\.h$|std(int|bool|def)\.h$)/;
    for (const file of filesUnder(bspRoot, cLike)) {
      for (const included of includes(file)) {
        assert.match(included, allowed, `${relative(repoRoot, file)} includes ${included}`);
      }
    }
  });

  it('opens every source, header and linker script with a comment naming what it follows', () => {
    const files = filesUnder(bspRoot, /\.(c|h|S|ld)$/);
    assert.ok(files.length >= 25, `only ${files.length} BSP files found`);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.ok(text.startsWith('/*'), `${relative(repoRoot, file)} does not open with a header comment`);
      const header = text.slice(0, text.indexOf('*/'));
      assert.match(header, /Follows:/, `${relative(repoRoot, file)}: header does not say what it follows`);
    }
  });

  it("defines each CPU layer's context layout once and the assembly addresses it by name", () => {
    const definitions = filesUnder(bspRoot, cLike).filter((f) =>
      /#define\s+BH_CONTEXT_PC\b/.test(readFileSync(f, 'utf8')),
    );
    assert.deepEqual(
      definitions.map((f) => relative(repoRoot, f)),
      ['bsp/armv7r/context.h', 'bsp/armv8r/context.h'],
    );
    const fields: Record<string, string[]> = {
      armv7r: ['r', 'sp_usr', 'lr_usr', 'pc', 'cpsr'],
      armv8r: ['r', 'sp_usr', 'lr_usr', 'pc', 'cpsr', 'sp_svc', 'lr_svc', 'spsr_svc', 'sp_hyp'],
    };
    for (const [cpu, names] of Object.entries(fields)) {
      const header = readFileSync(join(bspRoot, cpu, 'context.h'), 'utf8');
      for (const field of names) {
        assert.match(
          header,
          new RegExp(`_Static_assert\\(offsetof\\(bh_context, ${field}\\)`),
          `${cpu}: no offset check for ${field}`,
        );
      }
    }
    for (const file of filesUnder(bspRoot, /\.S$/)) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /\[r\d+,\s*#\d/, `${relative(repoRoot, file)} uses a numeric context offset`);
    }
  });
});
