// Stage 1, load: creates the TypeScript program from the entry files, finds the subset runtime module
// and collects the module graph (every module reachable through relative imports, dependencies
// first; host-side imports, used only by `@extern` bodies, are not followed). Non-relative imports and
// missing modules are reported here.
import ts from 'typescript';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Diagnostics, diagnosticAt, type SubsetDiagnostic } from './diagnostics.ts';

/** Absolute path of the subset runtime module (`transpiler/runtime/index.ts`). */
const RUNTIME_FILE = realpathSync(join(dirname(fileURLToPath(import.meta.url)), 'runtime', 'index.ts'));

/** Compiler options for subset programs: those of the repository's tsconfig that matter. */
const SUBSET_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  // The language without the DOM (no subset module uses it; parsing it was a third of a cold start);
  // Node's typings stay, so that Node-only APIs and modules are recognised and refused by name.
  lib: ['lib.es2022.d.ts'],
  types: ['node'],
  typeRoots: [join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '@types')],
};

export interface ModuleGraph {
  program: ts.Program;
  checker: ts.TypeChecker;
  /** Transpiled modules, dependencies before dependents (the runtime module is not one of them). */
  modules: ts.SourceFile[];
  /** For each module, the modules it imports (in source order, runtime excluded). */
  imports: Map<ts.SourceFile, ts.SourceFile[]>;
}

function canonicalPath(path: string): string {
  return existsSync(path) ? realpathSync(path) : resolve(path);
}

/** True when `file` is the subset runtime module. */
export function isRuntimeFile(file: ts.SourceFile): boolean {
  return canonicalPath(file.fileName) === RUNTIME_FILE;
}

/** Parsed declaration files (TypeScript's lib, @types) shared by every program of this process: they
 *  never change while it runs, and parsing them dominates the cost of a small program. */
const declarationFileCache = new Map<string, ts.SourceFile>();

/** Module substitutions: absolute path of a module → absolute path of the file whose text stands in for
 *  it (see `TranspileOptions.substitutions`). */
export type Substitutions = ReadonlyMap<string, string>;

function cachingHost(options: ts.CompilerOptions, substitutions: Substitutions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => readFile(substitutions.get(resolve(fileName)) ?? fileName);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const replacement = substitutions.get(resolve(fileName));
    if (replacement !== undefined) {
      const text = readFile(replacement);
      if (text === undefined) {
        onError?.(`cannot read '${replacement}', the substitute of '${fileName}'`);
        return undefined;
      }
      return ts.createSourceFile(fileName, text, languageVersion, true);
    }
    const cacheable = fileName.endsWith('.d.ts') && fileName.includes('node_modules');
    if (cacheable) {
      const cached = declarationFileCache.get(fileName);
      if (cached !== undefined) return cached;
    }
    const file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (cacheable && file !== undefined) declarationFileCache.set(fileName, file);
    return file;
  };
  return host;
}

/** Creates a program for the given entry files; a module named in `substitutions` is read from its
 *  substitute's file but keeps its own path (imports, C prefix and diagnostics are unchanged). */
export function createSubsetProgram(
  entries: readonly string[],
  substitutions: Substitutions = new Map(),
): ts.Program {
  return ts.createProgram({
    rootNames: entries.map((e) => resolve(e)),
    options: SUBSET_COMPILER_OPTIONS,
    host: cachingHost(SUBSET_COMPILER_OPTIONS, substitutions),
  });
}

/** The module a relative import specifier of `from` refers to, if it is in the program. */
function importedFile(
  program: ts.Program,
  from: ts.SourceFile,
  specifier: string,
): ts.SourceFile | undefined {
  const target = resolve(dirname(from.fileName), specifier);
  return (
    program.getSourceFile(target) ??
    program.getSourceFiles().find((f) => canonicalPath(f.fileName) === canonicalPath(target))
  );
}

/** True when `node` lies inside the body of a function tagged `@extern` (a body that only Node runs). */
function insideExternBody(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node; at !== undefined; at = at.parent) {
    const parent: ts.Node | undefined = at.parent;
    if (
      parent !== undefined &&
      ts.isFunctionDeclaration(parent) &&
      parent.body === at &&
      ts.getJSDocTags(parent).some((tag) => tag.tagName.text === 'extern')
    ) {
      return true;
    }
  }
  return false;
}

/**
 * True when `statement` is a host-side import: a named import whose bindings are used, and used only,
 * inside the bodies of `@extern` functions. Those bodies are the Node side of the port layer and are never
 * transpiled, so such an import (typically the simulation registry the bodies call) is neither followed
 * nor included in C. A binding used anywhere else, or an import without named bindings, keeps the
 * import an ordinary one.
 */
export function isHostSideImport(file: ts.SourceFile, statement: ts.ImportDeclaration): boolean {
  const bindings = statement.importClause?.namedBindings;
  if (statement.importClause?.name !== undefined || bindings === undefined || !ts.isNamedImports(bindings)) {
    return false;
  }
  const names = new Set(bindings.elements.map((element) => element.name.text));
  if (names.size === 0) return false;
  let usedOutside = false;
  let usedInExtern = false;
  const visit = (node: ts.Node): void => {
    if (usedOutside || node === statement) return;
    if (ts.isIdentifier(node) && names.has(node.text)) {
      if (insideExternBody(node)) usedInExtern = true;
      else usedOutside = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return usedInExtern && !usedOutside;
}

function isRelativeSpecifier(text: string): boolean {
  return text.startsWith('./') || text.startsWith('../');
}

/** Collects the module graph from `roots`; reports bad imports into `diagnostics`. */
export function collectModules(
  program: ts.Program,
  roots: readonly ts.SourceFile[],
  diagnostics: SubsetDiagnostic[],
): ModuleGraph {
  const modules: ts.SourceFile[] = [];
  const imports = new Map<ts.SourceFile, ts.SourceFile[]>();
  const visiting = new Set<ts.SourceFile>();

  const visit = (file: ts.SourceFile): void => {
    if (imports.has(file) || visiting.has(file) || isRuntimeFile(file)) return;
    visiting.add(file);
    const deps: ts.SourceFile[] = [];
    for (const statement of file.statements) {
      const specifierNode =
        ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)
          ? statement.moduleSpecifier
          : undefined;
      if (specifierNode === undefined || !ts.isStringLiteral(specifierNode)) continue;
      if (ts.isImportDeclaration(statement) && isHostSideImport(file, statement)) continue;
      const specifier = specifierNode.text;
      if (!isRelativeSpecifier(specifier) || !specifier.endsWith('.ts')) {
        diagnostics.push(diagnosticAt(specifierNode, Diagnostics.NonRelativeImport, specifier));
        continue;
      }
      const target = importedFile(program, file, specifier);
      if (target === undefined) {
        diagnostics.push(diagnosticAt(specifierNode, Diagnostics.MissingModule, specifier));
        continue;
      }
      if (isRuntimeFile(target)) continue;
      visit(target);
      if (!deps.includes(target)) deps.push(target);
    }
    visiting.delete(file);
    imports.set(file, deps);
    modules.push(file);
  };
  for (const root of roots) visit(root);
  return { program, checker: program.getTypeChecker(), modules, imports };
}
