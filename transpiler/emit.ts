// Stage 5, emit (placeholder).
import type { Context } from './context.ts';
import type { ModuleGraph } from './load.ts';
import type { SubsetDiagnostic } from './diagnostics.ts';
import type { TranspiledModule } from './index.ts';
export interface EmitOptions { lineDirectives: boolean; sourceRoot: string }
export function emitProgram(_ctx: Context, _graph: ModuleGraph, _options: EmitOptions): { diagnostics: SubsetDiagnostic[]; files: { path: string; contents: string }[]; modules: TranspiledModule[] } {
  return { diagnostics: [], files: [], modules: [] };
}
