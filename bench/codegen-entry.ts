// The contract between the benchmark runner and the generated-code-quality measurement in
// bench/codegen/ (loaded on demand, so the runner works before and without it): the shape of one
// `codegen` entry of results.json and the module's two functions.
export interface CodegenEntry {
  kernel: string;
  /** Instructions per kernel call on the R5: generated C, hand-written C. */
  ts_instr: number;
  c_instr: number;
  /** Code bytes of the kernel's functions: generated C, hand-written C. */
  ts_bytes: number;
  c_bytes: number;
  /** Host wall time (median of several runs): the subset source in Node and compiled to Wasm. */
  host?: { node_ms: number; wasm_ms: number };
  /** Code bytes of each function counted in ts_bytes / c_bytes. */
  functions?: { ts: Record<string, number>; c: Record<string, number> };
}

export interface CodegenModule {
  measureCodegen: (options?: { quick?: boolean; noHost?: boolean }) => Promise<CodegenEntry[]>;
  renderCodegenSection: (entries: readonly CodegenEntry[]) => string;
}

/** Module path relative to bench/. */
export const CODEGEN_MODULE = './codegen/index.ts';
