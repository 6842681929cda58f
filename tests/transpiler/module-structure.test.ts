// The transpiler's module structure, as repository rules for `transpiler/`: the relative imports between
// its files (type-only imports and re-exports included) form no cycle, and every file opens with a
// comment saying what it does. A cycle is reported as the chain of files that closes it. The size limit
// of every source file is tests/repo/file-size.test.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const transpilerDir = join(repoRoot, 'transpiler');

/** Every TypeScript source under `dir` (declaration files and installed packages left out). */
function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') files.push(...sourceFiles(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files.sort();
}

/** File → the files of `transpiler/` it imports or re-exports from (relative specifiers only). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((ref) => ref.fileName)
      .filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'))
      .map((specifier) => resolve(dirname(file), specifier))
      .filter((target) => known.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The import cycles of `graph`, each as the chain of files from one file back to itself (one cycle per
 *  back edge met by a depth-first search in file order). */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'active');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      const s = state.get(target);
      if (s === 'active') cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (s === undefined) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('transpiler module structure (repository rules for transpiler/)', () => {
  const files = sourceFiles(transpilerDir);
  const name = (file: string): string => relative(repoRoot, file);

  it('finds the transpiler sources', () => {
    assert.ok(files.length >= 20, `expected the transpiler's files under ${transpilerDir}`);
  });

  it('has no import cycle between its files', () => {
    const cycles = importCycles(importGraph(files));
    assert.deepEqual(
      cycles.map((cycle) => cycle.map(name).join(' → ')),
      [],
      'import cycles in transpiler/',
    );
  });

  it('opens every file with a comment saying what it does', () => {
    const bare = files.filter((file) => !readFileSync(file, 'utf8').startsWith('//')).map(name);
    assert.deepEqual(bare, [], 'files of transpiler/ without a header comment');
  });

  it('reports a cycle as the chain of files that closes it', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    assert.deepEqual(importCycles(graph), [['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
