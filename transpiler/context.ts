// The state shared by the stages of one transpilation: the program and checker, the module graph, the
// diagnostics sink (deduplicated) and the caches of resolved types and proven ranges. Created by
// index.ts, read by every stage after load.
import ts from 'typescript';
import { diagnosticAt, type DiagnosticDefinition, type SubsetDiagnostic } from './diagnostics.ts';
import type { ExprInfo, SubsetType } from './types.ts';

/** The interval of every value a module variable can hold (module-ranges.ts). */
export type ModuleVariableRange = readonly [min: number, max: number];

export class Context {
  readonly checker: ts.TypeChecker;
  readonly diagnostics: SubsetDiagnostic[] = [];
  private readonly reported = new Set<string>();
  /** Resolved types of declarations (variables, parameters, fields, functions' return types). */
  readonly declTypes = new Map<ts.Node, SubsetType | null>();
  /** Typing results of expressions. */
  readonly exprInfo = new Map<ts.Expression, ExprInfo>();
  /** Expected type of expressions that met a typed context (literals given a type). */
  readonly contextual = new Map<ts.Expression, SubsetType>();
  /** Array accesses proven in range (no check emitted). */
  readonly provenIndexes = new Set<ts.ElementAccessExpression>();
  /** Byte-order loads (`loadU32BE(a, i)`, ...) whose bytes are proven inside the array. */
  readonly provenLoads = new Set<ts.CallExpression>();
  /** Ranges of module variables: null when not proven (the type's full range), 'in progress' while
   *  one is computed (a value depending on the variable's own range is not proven). */
  readonly moduleVariableRanges = new Map<
    ts.VariableDeclaration,
    ModuleVariableRange | null | 'in progress'
  >();
  /** Modules being transpiled (dependencies first). */
  modules: ts.SourceFile[] = [];

  constructor(readonly program: ts.Program) {
    this.checker = program.getTypeChecker();
  }

  report(node: ts.Node, definition: DiagnosticDefinition, ...args: (string | number)[]): void {
    const d = diagnosticAt(node, definition, ...args);
    const key = `${d.file}:${d.start}:${d.code}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push(d);
  }

  hasErrors(): boolean {
    return this.diagnostics.some((d) => d.category === 'error');
  }

  isModuleFile(file: ts.SourceFile): boolean {
    return this.modules.includes(file);
  }
}
