// Helpers for the transpiler unit tests: write small subset programs into a temporary directory (with
// the runtime import resolved), transpile or check them, locate a marked token, and build the generated
// C with the strict host and target flags.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatDiagnostic,
  transpile,
  writeTranspileResult,
  type SubsetDiagnostic,
  type TranspileResult,
} from '../../../transpiler/index.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const RUNTIME = join(REPO_ROOT, 'transpiler/runtime/index.ts');

/** Marks the expected position of a diagnostic in a test source; removed before transpiling. */
export const MARK = '/*@*/';

export const HOST_FLAGS = [
  '-std=c11',
  '-ffreestanding',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-pedantic',
  '-Wconversion',
];
export const TARGET_FLAGS = ['-mcpu=cortex-r5', '-mfloat-abi=hard', '-mfpu=vfpv3-d16', ...HOST_FLAGS];

let counter = 0;
const root = mkdtempSync(join(tmpdir(), 'bh-unit-'));

/** A fresh directory for one test program. */
export function freshDir(): string {
  const dir = join(root, `p${counter++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes `files` (name → source; `RUNTIME` in a source is replaced by the relative runtime path) and
 *  returns the absolute paths, in the order given. */
export function writeProgram(files: Record<string, string>, dir = freshDir()): string[] {
  return Object.entries(files).map(([name, source]) => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    const runtime = relative(dirname(path), RUNTIME).replace(/\\/g, '/');
    writeFileSync(
      path,
      source.replaceAll('RUNTIME', runtime.startsWith('.') ? runtime : `./${runtime}`).replaceAll(MARK, ''),
    );
    return path;
  });
}

/** The 1-based line and column of the MARK in `source` (its position once the mark is removed). */
export function markPosition(source: string): { line: number; column: number } {
  const index = source.indexOf(MARK);
  if (index < 0) throw new Error('test source has no mark');
  const before = source.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Transpiles one module (plus optional others); entry is the first file. */
export function transpileSource(
  source: string,
  others: Record<string, string> = {},
  options: { lineDirectives?: boolean } = {},
): TranspileResult & { dir: string; entry: string } {
  const dir = freshDir();
  const [entry] = writeProgram({ 'main.ts': source, ...others }, dir);
  const result = transpile({
    entries: [entry],
    lineDirectives: options.lineDirectives ?? false,
    sourceRoot: dir,
  });
  return { ...result, dir, entry: entry };
}

/** The diagnostics of a one-module program. */
export function diagnosticsOf(source: string): SubsetDiagnostic[] {
  return transpileSource(source).diagnostics;
}

/** A transpilation that must succeed: throws with the diagnostics otherwise. */
export function transpileOk(
  source: string,
  others: Record<string, string> = {},
  options: { lineDirectives?: boolean } = {},
): TranspileResult & { dir: string; entry: string } {
  const result = transpileSource(source, others, options);
  if (result.diagnostics.length > 0)
    throw new Error(`unexpected diagnostics:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  return result;
}

/** The text of one generated file. */
export function fileText(result: TranspileResult, path: string): string {
  const file = result.files.find((f) => f.path === path);
  if (file === undefined)
    throw new Error(`no generated file ${path} (have ${result.files.map((f) => f.path).join(', ')})`);
  return file.contents;
}

/** Writes the C and compiles every .c with `compiler` and `flags`; returns gcc's stderr ('' when clean). */
export function compileC(result: TranspileResult, compiler = 'gcc', flags = HOST_FLAGS): string {
  const out = freshDir();
  writeTranspileResult(result, out);
  let errors = '';
  for (const file of result.files.filter((f) => f.path.endsWith('.c'))) {
    const run = spawnSync(
      compiler,
      [...flags, '-c', join(out, file.path), '-o', join(out, file.path.replace(/\.c$/, '.o'))],
      { encoding: 'utf8', cwd: out },
    );
    if (run.status !== 0) errors += run.stderr;
  }
  return errors;
}

/** Builds the generated C with a hosted `main` (printing with stdio) and runs it; returns stdout. */
export function runC(result: TranspileResult, mainSource: string): string {
  const out = freshDir();
  writeTranspileResult(result, out);
  const harness = join(out, 'harness.c');
  writeFileSync(
    harness,
    `#include <stdio.h>\n#include <stdlib.h>\n#include "bh_runtime.h"\n${result.modules.map((m) => `#include "${m.hFile}"`).join('\n')}\n` +
      `void bh_bounds_fail(uint32_t index, uint32_t length) { printf("bounds %u %u\\n", index, length); exit(3); }\n` +
      `int main(void) {\n${mainSource}\nreturn 0;\n}\n`,
  );
  const sources = [
    ...result.files.filter((f) => f.path.endsWith('.c')).map((f) => join(out, f.path)),
    harness,
  ];
  execFileSync(
    'gcc',
    ['-std=c11', '-Wall', '-Wextra', '-Werror', '-O2', '-o', join(out, 'program'), ...sources, '-lm'],
    { cwd: out, stdio: 'pipe' },
  );
  const run = spawnSync(join(out, 'program'), [], { encoding: 'utf8' });
  return run.stdout;
}

/** Codes and positions as `BH1234@line:col`, sorted, for compact assertions. */
export function located(diagnostics: readonly SubsetDiagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`).sort();
}
