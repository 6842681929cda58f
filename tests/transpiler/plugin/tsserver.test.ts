// The editor plugin end to end: a real tsserver process (node_modules/typescript/lib/tsserver.js) opens
// a file of a project whose tsconfig names `bulkhead-subset-plugin`, loads the plugin by name through
// its package entry (index.cjs → tsx → plugin.ts), and answers `semanticDiagnosticsSync` with the
// subset diagnostic. The project lives in a scratch folder; tsserver finds the plugin package in a
// probe folder whose node_modules links to transpiler/plugin, as an npm `file:` dependency does.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TsServerClient, type ProtocolDiagnostic } from './tsserver-client.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const pluginPackage = join(repoRoot, 'transpiler/plugin');
const scratch = join(repoRoot, 'out/tests/plugin-tsserver');

const subsetSource = `// A firmware module with one subset error: 'any' on line 2.
export function store(value: any): void {}
`;

/** Writes the scratch project: tsconfig naming the plugin (default options), one file in the default
 *  scope (firmware/core) and the same text outside it (firmware/sim). */
function writeProject(): { project: string; probe: string; inScope: string; outOfScope: string } {
  rmSync(scratch, { recursive: true, force: true });
  const project = join(scratch, 'project');
  const probe = join(scratch, 'probe');
  mkdirSync(join(project, 'firmware', 'core'), { recursive: true });
  mkdirSync(join(project, 'firmware', 'sim'), { recursive: true });
  mkdirSync(join(probe, 'node_modules'), { recursive: true });
  symlinkSync(pluginPackage, join(probe, 'node_modules', 'bulkhead-subset-plugin'), 'dir');
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      types: [],
      plugins: [{ name: 'bulkhead-subset-plugin' }],
    },
    include: ['firmware'],
  };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const inScope = join(project, 'firmware', 'core', 'store.ts');
  const outOfScope = join(project, 'firmware', 'sim', 'store.ts');
  writeFileSync(inScope, subsetSource);
  writeFileSync(outOfScope, subsetSource);
  return { project, probe, inScope, outOfScope };
}

describe('language-service plugin in a real tsserver', function () {
  this.timeout(90_000);
  let server: TsServerClient | undefined;
  const logFile = join(scratch, 'tsserver.log');

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function semanticDiagnostics(file: string, project: string): Promise<ProtocolDiagnostic[]> {
    server!.notify('open', { file, projectRootPath: project });
    const response = await server!.request('semanticDiagnosticsSync', { file });
    assert.ok(response.success, `semanticDiagnosticsSync failed: ${response.message}`);
    return response.body as ProtocolDiagnostic[];
  }

  it('loads the plugin by name and reports BH1101 at the right line and column', async () => {
    const { project, probe, inScope, outOfScope } = writeProject();
    server = new TsServerClient({ cwd: project, pluginProbeLocations: [probe], logFile });
    const diagnostics = await semanticDiagnostics(inScope, project);
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    const subset = diagnostics.filter((d) => d.source === 'bulkhead');
    assert.deepEqual(
      subset.map((d) => ({ code: d.code, line: d.start.line, column: d.start.offset, category: d.category })),
      [{ code: 1101, line: 2, column: 30, category: 'error' }],
      `diagnostics: ${JSON.stringify(diagnostics)}\n${log
        .split('\n')
        .filter((l) => /plugin/i.test(l))
        .join('\n')}`,
    );
    assert.match(subset[0].text, /^BH1101: 'any' is not part of the subset/);
    assert.match(log, /\[bulkhead-subset-plugin\] loaded/);

    const outside = await semanticDiagnostics(outOfScope, project);
    assert.deepEqual(
      outside.filter((d) => d.source === 'bulkhead'),
      [],
      'firmware/sim (Node simulation) is outside the default scope',
    );
  });

  it('is resolvable by name from the repository root (npm file: dependency)', () => {
    // tsserver run from node_modules/typescript looks for plugins in the node_modules beside it; the
    // root package.json must depend on "bulkhead-subset-plugin": "file:transpiler/plugin".
    const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      devDependencies?: Record<string, string>;
    };
    assert.equal(
      rootPackage.devDependencies?.['bulkhead-subset-plugin'],
      'file:transpiler/plugin',
      'package.json needs devDependencies["bulkhead-subset-plugin"] = "file:transpiler/plugin" (npm install -D bulkhead-subset-plugin@file:transpiler/plugin)',
    );
    const resolved = createRequire(join(repoRoot, 'package.json')).resolve('bulkhead-subset-plugin');
    assert.equal(resolved, join(pluginPackage, 'index.cjs'));
  });
});
