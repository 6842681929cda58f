// The language-service plugin: wraps tsserver's language service so that `getSemanticDiagnostics` also
// returns the subset diagnostics (BHnnnn) of the file, computed by the transpiler's own `checkProgram`
// (the rule code the CLI runs; nothing is re-implemented here). Loaded by `index.cjs`; configured in
// tsconfig `compilerOptions.plugins` as `{ "name": "bulkhead-subset-plugin", "include": [...], "exclude": [...] }`.
import ts from 'typescript';
import { checkProgram } from '../index.ts';
import type { SubsetDiagnostic } from '../diagnostics.ts';
import { collectModules } from '../load.ts';
import { createScope } from './scope.ts';

/** `source` of every diagnostic the plugin adds (editors show it next to the code: `bulkhead(1101)`). */
export const diagnosticSource = 'bulkhead';

/** The numeric part of a code: `BH1101` → 1101 (ts.Diagnostic codes are numbers). */
export function numericCode(code: string): number {
  const match = /^BH(\d+)$/.exec(code);
  if (match === null) throw new Error(`bulkhead-subset-plugin: malformed diagnostic code '${code}'`);
  return Number(match[1]);
}

/** Converts a subset diagnostic into the editor's form, using the editor's own TypeScript enums. */
export function toEditorDiagnostic(
  editorTs: typeof ts,
  sourceFile: ts.SourceFile,
  diagnostic: SubsetDiagnostic,
): ts.Diagnostic {
  return {
    file: sourceFile,
    start: diagnostic.start,
    length: diagnostic.length,
    messageText: `${diagnostic.code}: ${diagnostic.message}`,
    category:
      diagnostic.category === 'error'
        ? editorTs.DiagnosticCategory.Error
        : editorTs.DiagnosticCategory.Warning,
    code: numericCode(diagnostic.code),
    source: diagnosticSource,
  };
}

/** `major.minor` of a TypeScript version: node kinds are stable across patch releases only. */
function minorVersion(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** A plugin-level notice (not a subset rule) shown once at the top of a file. */
function noticeDiagnostic(editorTs: typeof ts, sourceFile: ts.SourceFile, text: string): ts.Diagnostic {
  return {
    file: sourceFile,
    start: 0,
    length: 0,
    messageText: `bulkhead-subset-plugin: ${text}`,
    category: editorTs.DiagnosticCategory.Warning,
    code: 0,
    source: diagnosticSource,
  };
}

/** The factory tsserver calls with its own `typescript` module. */
export function createSubsetPlugin(modules: { typescript: typeof ts }): ts.server.PluginModule {
  const editorTs = modules.typescript;

  function create(info: ts.server.PluginCreateInfo): ts.LanguageService {
    const service = info.languageService;
    const logger = info.project.projectService?.logger;
    const log = (message: string): void => logger?.info(`[bulkhead-subset-plugin] ${message}`);
    const inScope = createScope(
      info.project.getCurrentDirectory(),
      (info.config ?? {}) as Record<string, unknown>,
    );
    // The rules walk syntax trees with the kinds of the project's TypeScript; an editor running another
    // minor version numbers its node kinds differently, so the rules would misread every tree.
    const versionMismatch =
      minorVersion(editorTs.version) === minorVersion(ts.version)
        ? undefined
        : `the editor runs TypeScript ${editorTs.version} but the subset rules need ${ts.version}: select the workspace TypeScript version (node_modules/typescript/lib).`;
    log(`loaded for ${info.project.getProjectName()}${versionMismatch ? `; ${versionMismatch}` : ''}`);

    /** The subset diagnostics of one file, in the editor's form ([] outside the plugin's scope). */
    function subsetDiagnostics(fileName: string): ts.Diagnostic[] {
      if (!inScope(fileName)) return [];
      const program = service.getProgram();
      const sourceFile = program?.getSourceFile(fileName);
      if (program === undefined || sourceFile === undefined) return [];
      if (versionMismatch !== undefined) return [noticeDiagnostic(editorTs, sourceFile, versionMismatch)];
      try {
        // The file is checked together with the subset modules it imports, as the CLI sees it: calls
        // into those modules resolve and cycles through them are found; only the file's own
        // diagnostics are shown.
        const graph = collectModules(program, [sourceFile], []).modules;
        return checkProgram(program, graph.includes(sourceFile) ? graph : [sourceFile, ...graph])
          .filter((d) => d.file === sourceFile.fileName)
          .map((d) => toEditorDiagnostic(editorTs, sourceFile, d));
      } catch (error) {
        const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`checkProgram failed on ${fileName}: ${reason}`);
        return [
          noticeDiagnostic(editorTs, sourceFile, `the subset checker failed on this file: ${String(error)}`),
        ];
      }
    }

    const proxy = Object.create(null) as Record<string, unknown>;
    for (const [key, member] of Object.entries(service)) {
      proxy[key] =
        typeof member === 'function' ? (member as (...args: unknown[]) => unknown).bind(service) : member;
    }
    const decorated = proxy as unknown as ts.LanguageService;

    decorated.getSemanticDiagnostics = (fileName: string): ts.Diagnostic[] => [
      ...service.getSemanticDiagnostics(fileName),
      ...subsetDiagnostics(fileName),
    ];

    // Subset codes share numbers with TypeScript's own codes (BH1205 and TS1205): never let a subset
    // diagnostic pull in a TypeScript quick fix registered for the same number.
    decorated.getCodeFixesAtPosition = (fileName, start, end, errorCodes, formatOptions, preferences) => {
      const overlaps = (d: ts.Diagnostic): boolean =>
        d.start !== undefined && d.start < end && d.start + (d.length ?? 0) >= start;
      const subsetCodes = new Set(
        subsetDiagnostics(fileName)
          .filter(overlaps)
          .map((d) => d.code),
      );
      if (subsetCodes.size === 0) {
        return service.getCodeFixesAtPosition(fileName, start, end, errorCodes, formatOptions, preferences);
      }
      const typeScriptCodes = new Set(
        [...service.getSyntacticDiagnostics(fileName), ...service.getSemanticDiagnostics(fileName)]
          .filter(overlaps)
          .map((d) => d.code),
      );
      const kept = errorCodes.filter((code) => !subsetCodes.has(code) || typeScriptCodes.has(code));
      return kept.length === 0
        ? []
        : service.getCodeFixesAtPosition(fileName, start, end, kept, formatOptions, preferences);
    };

    return decorated;
  }

  return { create };
}
