// Module substitution (`TranspileOptions.substitutions`): a module compiled from another file's text
// keeps its own path, so its importers, its C prefix and its names stay the same while its constants
// (here an array length) come from the substitute; a missing substitute is named in the error.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';

import { transpile } from '../../transpiler/index.ts';
import { fileText, freshDir, writeProgram } from './support/helpers.ts';
import { PRELUDE } from './support/rule-cases.ts';

function program(): { main: string; limits: string; substitute: string } {
  const dir = freshDir();
  const [main, limits, substitute] = writeProgram(
    {
      'core/main.ts':
        PRELUDE +
        "import { SLOTS } from './limits.ts';\n" +
        'const table: Uint32Array = new Uint32Array(SLOTS);\n' +
        'export function slots(): u32 { return table.length; }\n',
      'core/limits.ts': 'export const SLOTS = 16;\n',
      'gen/limits.ts': '// per-system limits\nexport const SLOTS = 3;\n',
    },
    dir,
  );
  return { main: main, limits: limits, substitute: substitute };
}

describe('transpiler substitutions: a module compiled from another file', () => {
  it('takes the constants of the substitute and keeps the original module name and prefix', () => {
    const { main, limits, substitute } = program();
    const plain = transpile({ entries: [main] });
    assert.deepEqual(plain.diagnostics, []);
    assert.match(fileText(plain, 'main.c'), /table\[16\]/);

    const substituted = transpile({ entries: [main], substitutions: { [limits]: substitute } });
    assert.deepEqual(substituted.diagnostics, []);
    assert.match(fileText(substituted, 'main.c'), /table\[3\]/);
    assert.doesNotMatch(fileText(substituted, 'main.c'), /table\[16\]/);
    assert.deepEqual(
      substituted.modules.map((m) => m.cPrefix),
      plain.modules.map((m) => m.cPrefix),
      'same modules, same prefixes',
    );
    assert.ok(substituted.modules.some((m) => m.tsFile === limits));
  });

  it('names a substitute that does not exist', () => {
    const { main, limits } = program();
    const missing = join(freshDir(), 'nowhere.ts');
    assert.throws(
      () => transpile({ entries: [main], substitutions: { [limits]: missing } }),
      (error: Error) => error.message.includes(missing) && error.message.includes(limits),
    );
  });
});
