// The editor plugin through the language-service API: a real `ts.createLanguageService` over files on
// disk, decorated by the plugin's `create(info)` as loaded from its package entry (index.cjs). The
// plugin must add exactly the diagnostics `checkProgram` reports (same codes, positions, messages),
// nothing for clean or out-of-scope files, and keep TypeScript's own diagnostics.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { checkProgram, transpile, type SubsetDiagnostic } from '../../../transpiler/index.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = join(repoRoot, 'tests/transpiler/plugin/fixtures');
const negativeDir = join(repoRoot, 'tests/transpiler/negative');

type PluginFactory = (modules: { typescript: typeof ts }) => ts.server.PluginModule;
const createSubsetPlugin = createRequire(import.meta.url)(
  join(repoRoot, 'transpiler/plugin/index.cjs'),
) as PluginFactory;

/** The compiler options an editor uses for this repository: those of the root tsconfig.json. */
function repositoryCompilerOptions(): ts.CompilerOptions {
  const configPath = join(repoRoot, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot, undefined, configPath).options;
}

function languageServiceHost(
  fileNames: readonly string[],
  options: ts.CompilerOptions,
): ts.LanguageServiceHost {
  return {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [...fileNames],
    getScriptVersion: () => '1',
    getScriptSnapshot: (fileName) =>
      existsSync(fileName) ? ts.ScriptSnapshot.fromString(readFileSync(fileName, 'utf8')) : undefined,
    getCurrentDirectory: () => repoRoot,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (path) => ts.sys.fileExists(path),
    readFile: (path, encoding) => ts.sys.readFile(path, encoding),
    readDirectory: (...args) => ts.sys.readDirectory(...args),
    directoryExists: (path) => ts.sys.directoryExists(path),
    getDirectories: (path) => ts.sys.getDirectories(path),
  };
}

/** Applies the plugin the way tsserver does: factory(modules).create(info). */
function decorate(
  service: ts.LanguageService,
  host: ts.LanguageServiceHost,
  config: object,
  log: string[],
): ts.LanguageService {
  const info = {
    languageService: service,
    languageServiceHost: host,
    config: { name: 'bulkhead-subset-plugin', ...config },
    project: {
      getCurrentDirectory: () => repoRoot,
      getProjectName: () => join(repoRoot, 'tsconfig.json'),
      projectService: { logger: { info: (message: string) => log.push(message) } },
    },
  } as unknown as ts.server.PluginCreateInfo;
  return createSubsetPlugin({ typescript: ts }).create(info);
}

const fromPlugin = (d: ts.Diagnostic): string =>
  `BH${d.code}@${d.start}+${d.length} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
const fromChecker = (d: SubsetDiagnostic): string =>
  `${d.code}@${d.start}+${d.length} ${d.code}: ${d.message}`;

describe('language-service plugin (API)', function () {
  this.timeout(60_000);

  // The negative cases TypeScript accepts (those it rejects live in negative/fixtures/).
  const negativeCases = readdirSync(negativeDir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => join(negativeDir, name));
  const clean = join(fixtures, 'clean.ts');
  const typeError = join(fixtures, 'type-error.ts');
  const outsideScope = join(fixtures, 'outside-scope.ts');
  const caller = join(fixtures, 'caller.ts');
  const cyclePing = join(fixtures, 'cycle-ping.ts');
  const cyclePong = join(fixtures, 'cycle-pong.ts');
  const allFiles = [...negativeCases, clean, typeError, outsideScope, caller, cyclePing, cyclePong];

  const options = repositoryCompilerOptions();
  const host = languageServiceHost(allFiles, options);
  const plainService = ts.createLanguageService(host);
  const log: string[] = [];
  const service = decorate(
    ts.createLanguageService(host),
    host,
    {
      include: ['tests/transpiler/negative/**/*.ts', 'tests/transpiler/plugin/fixtures/*.ts'],
      exclude: ['tests/transpiler/plugin/fixtures/outside-scope.ts'],
    },
    log,
  );
  const referenceProgram = ts.createProgram(allFiles, options);

  const subsetOf = (fileName: string): ts.Diagnostic[] =>
    service.getSemanticDiagnostics(fileName).filter((d) => d.source === 'bulkhead');

  it('reports, for every negative case, exactly the diagnostics of checkProgram', () => {
    const mismatches: string[] = [];
    let compared = 0;
    for (const file of negativeCases) {
      const expected = checkProgram(referenceProgram, [referenceProgram.getSourceFile(file)!]).map(
        fromChecker,
      );
      const actual = subsetOf(file).map(fromPlugin);
      compared += actual.length;
      if (JSON.stringify(actual.sort()) !== JSON.stringify(expected.sort())) {
        mismatches.push(
          `${file}:\n  plugin:       ${actual.join('\n                ')}\n  checkProgram: ${expected.join('\n                ')}`,
        );
      }
    }
    assert.deepEqual(mismatches, []);
    assert.ok(compared >= negativeCases.length, `the negative cases produced only ${compared} diagnostics`);
  });

  it('shows a subset diagnostic as an error with source bulkhead and the code in number and text', () => {
    const diagnostic = subsetOf(typeError).find((d) => d.code === 1101);
    assert.ok(diagnostic !== undefined, "type-error.ts has BH1101 for 'any'");
    const sourceFile = referenceProgram.getSourceFile(typeError)!;
    const anyPosition = sourceFile.text.indexOf('any)');
    assert.equal(diagnostic.code, 1101);
    assert.equal(diagnostic.start, anyPosition);
    assert.equal(diagnostic.category, ts.DiagnosticCategory.Error);
    assert.match(
      ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      /^BH1101: 'any' is not part of the subset/,
    );
  });

  it('adds nothing to a clean subset file', () => {
    assert.deepEqual(service.getSemanticDiagnostics(clean).map(fromPlugin), []);
  });

  it('resolves calls into imported modules (no diagnostic on a valid caller)', () => {
    assert.deepEqual(service.getSemanticDiagnostics(caller).map(fromPlugin), []);
  });

  it('reports a recursion cycle across modules as the CLI does with that file as entry', () => {
    for (const file of [cyclePing, cyclePong]) {
      const cli = transpile({ entries: [file] }).diagnostics.filter((d) => d.file === file);
      assert.ok(
        cli.some((d) => d.code === 'BH1401'),
        `the CLI reports the cycle in ${file}`,
      );
      assert.deepEqual(
        subsetOf(file).map(fromPlugin).sort(),
        cli.map(fromChecker).sort(),
        `editor diagnostics of ${file}`,
      );
    }
  });

  it("keeps TypeScript's own diagnostics", () => {
    const plain = plainService.getSemanticDiagnostics(typeError);
    assert.ok(
      plain.some((d) => d.code === 2322),
      'TypeScript reports the string assigned to u32',
    );
    const decorated = service.getSemanticDiagnostics(typeError).filter((d) => d.source !== 'bulkhead');
    assert.deepEqual(decorated.map(fromPlugin), plain.map(fromPlugin));
  });

  it('leaves files outside its include globs alone', () => {
    const diagnostics = service.getSemanticDiagnostics(outsideScope);
    assert.deepEqual(
      diagnostics.map(fromPlugin),
      plainService.getSemanticDiagnostics(outsideScope).map(fromPlugin),
    );
    assert.equal(diagnostics.filter((d) => d.source === 'bulkhead').length, 0);
  });

  it('offers no TypeScript quick fix for a subset code that shares its number', () => {
    // BH1308 (array member) and TS1308 ('await' outside async) share 1308: TypeScript alone offers to make
    // the containing function async there; through the plugin, the subset diagnostic pulls in nothing.
    const file = join(negativeDir, 'bh1308-array-member.ts');
    const start = readFileSync(file, 'utf8').indexOf('indexOf(');
    const end = start + 'indexOf'.length;
    assert.ok(
      subsetOf(file).some((d) => d.code === 1308 && d.start === start),
      'BH1308 is reported at indexOf',
    );
    const unfiltered = plainService.getCodeFixesAtPosition(file, start, end, [1308], {}, {});
    assert.ok(
      unfiltered.length > 0,
      'TypeScript has a fix registered for 1308 (otherwise this test proves nothing)',
    );
    assert.deepEqual(service.getCodeFixesAtPosition(file, start, end, [1308], {}, {}), []);
  });

  it('shows one warning instead of running the rules under another TypeScript minor version', () => {
    const otherTypeScript = { ...ts, version: '5.4.5' } as typeof ts;
    const info = {
      languageService: plainService,
      languageServiceHost: host,
      config: { name: 'bulkhead-subset-plugin', include: ['tests/transpiler/plugin/fixtures/*.ts'] },
      project: {
        getCurrentDirectory: () => repoRoot,
        getProjectName: () => 'other',
        projectService: undefined,
      },
    } as unknown as ts.server.PluginCreateInfo;
    const mismatched = createSubsetPlugin({ typescript: otherTypeScript }).create(info);
    const notices = mismatched.getSemanticDiagnostics(typeError).filter((d) => d.source === 'bulkhead');
    assert.equal(notices.length, 1);
    assert.equal(notices[0].category, ts.DiagnosticCategory.Warning);
    assert.match(
      ts.flattenDiagnosticMessageText(notices[0].messageText, '\n'),
      /TypeScript 5\.4\.5 .* need 6\.0\./,
    );
  });

  it('logs that it was loaded', () => {
    assert.ok(
      log.some((line) => line.includes('[bulkhead-subset-plugin] loaded')),
      log.join('\n'),
    );
  });
});
