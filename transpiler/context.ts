// The state shared by the stages of one transpilation: the program and checker, the module graph, the
// diagnostics sink (deduplicated) and the caches of resolved types. Created by index.ts, read by every
// stage after load.
import ts from 'typescript';
import { diagnosticAt, type DiagnosticDefinition, type SubsetDiagnostic } from './diagnostics.ts';
import type { SubsetType } from './types.ts';
import type { ExprInfo } from './typing.ts';

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
