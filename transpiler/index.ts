// The transpiler's library API: check a program against the subset rules, transpile entry modules to C,
// write the result, format diagnostics. Runs the stages in order:
//   load (program, module graph) → resolve/typing (subset types) → check (rules, bounds, recursion)
//   → lower (C names, layouts, static data) → emit (C text).
// Used by the `bulkhead ts2c` command, the language-service plugin and the tests.
import ts from 'typescript';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Context } from './context.ts';
import { compareDiagnostics, Diagnostics, diagnosticAtRange, type SubsetDiagnostic } from './diagnostics.ts';
import { collectModules, createSubsetProgram, isRuntimeFile } from './load.ts';
import { checkModules } from './check.ts';
import { emitProgram, type TranspiledModule } from './emit.ts';

export { formatDiagnostic, type SubsetDiagnostic } from './diagnostics.ts';
export { Diagnostics, allDiagnosticCodes } from './diagnostics.ts';
export type { TranspiledModule } from './emit.ts';

/** Runs the subset rules on `files` (default: the program's root files and the modules they import).
 *  Used by the CLI and by the language-service plugin; does not report TypeScript's own errors. */
export function checkProgram(program: ts.Program, files?: readonly ts.SourceFile[]): SubsetDiagnostic[] {
  const ctx = new Context(program);
  const roots =
    files ??
    program
      .getRootFileNames()
      .map((name) => program.getSourceFile(name))
      .filter((f): f is ts.SourceFile => f !== undefined);
  const subsetFiles = roots.filter((f) => !f.isDeclarationFile && !isRuntimeFile(f));
  // The whole import graph is known (calls into imported modules resolve), but with explicit files only
  // those are checked and only their diagnostics are returned (the editor checks one file at a time).
  const graph = collectModules(program, subsetFiles, ctx.diagnostics);
  ctx.modules = graph.modules;
  checkModules(ctx, files !== undefined ? subsetFiles : graph.modules);
  const wanted = new Set((files !== undefined ? subsetFiles : graph.modules).map((f) => f.fileName));
  return ctx.diagnostics.filter((d) => wanted.has(d.file)).sort(compareDiagnostics);
}

export interface TranspileOptions {
  entries: string[];
  /** Emit `#line` directives pointing at the .ts source (default true). */
  lineDirectives?: boolean;
  /** Directory that `#line` file names are relative to (default: the current directory). */
  sourceRoot?: string;
  /** Module path → path of a file whose text is compiled in its place, e.g. a build's per-system limits
   *  module for the core's `limits.ts`. The module keeps its own path: importers, its C prefix and its
   *  `#line` names are those of the original. Both must export the same names. */
  substitutions?: Record<string, string>;
}

export interface TranspileResult {
  diagnostics: SubsetDiagnostic[];
  /** Output files (relative paths, forward slashes); empty when any error was reported. */
  files: { path: string; contents: string }[];
  modules: TranspiledModule[];
}

function typeScriptDiagnostics(program: ts.Program, files: readonly ts.SourceFile[]): SubsetDiagnostic[] {
  const result: SubsetDiagnostic[] = [];
  for (const file of files) {
    const diags = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    for (const d of diags) {
      if (d.category !== ts.DiagnosticCategory.Error || d.file === undefined || d.start === undefined)
        continue;
      const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      result.push(
        diagnosticAtRange(
          d.file,
          d.start,
          d.length ?? 0,
          Diagnostics.TypeScriptError,
          `TS${d.code}: ${message}`,
        ),
      );
    }
  }
  return result;
}

/** Transpiles the module graph of `options.entries` to C. */
export function transpile(options: TranspileOptions): TranspileResult {
  const substitutions = new Map(
    Object.entries(options.substitutions ?? {}).map(([module, file]) => [resolve(module), resolve(file)]),
  );
  for (const [module, file] of substitutions) {
    if (!existsSync(file))
      throw new Error(`transpile: the substitute '${file}' of '${module}' does not exist`);
  }
  const program = createSubsetProgram(options.entries, substitutions);
  const ctx = new Context(program);
  const roots: ts.SourceFile[] = [];
  for (const entry of options.entries) {
    const file = program.getSourceFile(resolve(entry));
    if (file === undefined) {
      ctx.diagnostics.push({
        code: Diagnostics.MissingModule.code,
        category: 'error',
        file: entry,
        start: 0,
        length: 0,
        line: 1,
        column: 1,
        message: `Cannot find the module '${entry}'.`,
      });
    } else roots.push(file);
  }
  const graph = collectModules(program, roots, ctx.diagnostics);
  ctx.modules = graph.modules;
  ctx.diagnostics.push(...typeScriptDiagnostics(program, graph.modules));
  if (!ctx.hasErrors()) checkModules(ctx);
  const diagnostics = ctx.diagnostics.sort(compareDiagnostics);
  if (ctx.hasErrors()) return { diagnostics, files: [], modules: [] };
  const emitted = emitProgram(ctx, graph, {
    lineDirectives: options.lineDirectives ?? true,
    sourceRoot: resolve(options.sourceRoot ?? process.cwd()),
  });
  return {
    diagnostics:
      emitted.diagnostics.length > 0 ? [...emitted.diagnostics].sort(compareDiagnostics) : diagnostics,
    files: emitted.files,
    modules: emitted.modules,
  };
}

/** Writes the files of a successful transpilation under `outDir` (creating it). */
export function writeTranspileResult(result: TranspileResult, outDir: string): void {
  if (result.diagnostics.some((d) => d.category === 'error')) {
    throw new Error('writeTranspileResult: the transpilation reported errors; no C is written');
  }
  removeStaleOutput(result, outDir);
  for (const file of result.files) {
    const target = join(outDir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
  }
}

/** A file this transpiler generated (its first lines say so). */
const GENERATED_MARK = /generated by\s+(?:\*\s*)?bulkhead ts2c/;

/** Removes the `.c`/`.h` files an earlier run generated under `outDir` that this result does not write
 *  (a module renamed or dropped), so that the directory holds a clean set. Files not marked as generated
 *  are never touched. */
function removeStaleOutput(result: TranspileResult, outDir: string): void {
  if (!existsSync(outDir)) return;
  const written = new Set(result.files.map((f) => resolve(outDir, f.path)));
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.[ch]$/.test(entry.name) && !written.has(resolve(path))) {
        const head = readFileSync(path, 'utf8').slice(0, 300);
        if (GENERATED_MARK.test(head)) rmSync(path);
      }
    }
  };
  visit(outDir);
}
