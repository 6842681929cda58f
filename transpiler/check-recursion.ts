// Stage 3, check of the call graph: the subset has no recursion (direct or through other functions and
// modules), so that the stack depth of every entry point is bounded by its longest call path.
import ts from 'typescript';
import type { Context } from './context.ts';
import { Diagnostics } from './diagnostics.ts';
import { calleeOf, externSymbol } from './resolve.ts';

type Callable = ts.FunctionDeclaration | ts.MethodDeclaration;

function callableName(fn: Callable): string {
  const name = fn.name?.getText() ?? '?';
  if (ts.isMethodDeclaration(fn) && ts.isClassDeclaration(fn.parent))
    return `${fn.parent.name?.text ?? '?'}.${name}`;
  return name;
}

/** The call graph must be acyclic: stack depth is then bounded by the longest path. Each cycle is
 *  reported at the call that closes it (depth-first search in a canonical order: files by name,
 *  functions by position), and in every other file taking part in it at that file's first call into
 *  the cycle, so the editor shows the error in each file whatever module is the entry. */
export function checkRecursion(ctx: Context): void {
  const edges = new Map<Callable, { callee: Callable; call: ts.CallExpression }[]>();
  const callables: Callable[] = [];
  const files = [...ctx.modules].sort((a, b) =>
    a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0,
  );
  for (const file of files) {
    const visit = (n: ts.Node, owner: Callable | undefined): void => {
      if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.body !== undefined) {
        if (ts.isFunctionDeclaration(n) && externSymbol(n) !== undefined) return;
        callables.push(n);
        edges.set(n, []);
        ts.forEachChild(n.body, (c) => visit(c, n));
        return;
      }
      if (owner !== undefined && ts.isCallExpression(n)) {
        const callee = calleeOf(ctx, n);
        if (callee !== undefined && (callee.kind === 'function' || callee.kind === 'method'))
          edges.get(owner)!.push({ callee: callee.decl, call: n });
      }
      ts.forEachChild(n, (c) => visit(c, owner));
    };
    visit(file, undefined);
  }
  const reportedFiles = new Set<ts.SourceFile>();
  const state = new Map<Callable, 'active' | 'done'>();
  const stack: Callable[] = [];
  const dfs = (fn: Callable): void => {
    state.set(fn, 'active');
    stack.push(fn);
    for (const { callee, call } of edges.get(fn) ?? []) {
      const s = state.get(callee);
      if (s === 'active') {
        const cycle = stack.slice(stack.indexOf(callee)).map(callableName);
        ctx.report(call, Diagnostics.Recursion, [...cycle, callableName(callee)].join(' → '));
        reportedFiles.add(call.getSourceFile());
      } else if (s === undefined && edges.has(callee)) dfs(callee);
    }
    stack.pop();
    state.set(fn, 'done');
  };
  for (const fn of callables) if (!state.has(fn)) dfs(fn);

  // Other files of a cycle: their first call whose callee leads back to the caller.
  const pathBack = (from: Callable, to: Callable): Callable[] | undefined => {
    const previous = new Map<Callable, Callable>();
    const queue = [from];
    const seen = new Set([from]);
    while (queue.length > 0) {
      const fn = queue.shift()!;
      if (fn === to) {
        const path = [fn];
        for (let p = previous.get(fn); p !== undefined; p = previous.get(p)) path.unshift(p);
        return path;
      }
      for (const { callee } of edges.get(fn) ?? []) {
        if (!seen.has(callee)) {
          seen.add(callee);
          previous.set(callee, fn);
          queue.push(callee);
        }
      }
    }
    return undefined;
  };
  for (const fn of callables) {
    const file = fn.getSourceFile();
    if (reportedFiles.has(file)) continue;
    for (const { callee, call } of edges.get(fn) ?? []) {
      const back = pathBack(callee, fn);
      if (back === undefined) continue;
      ctx.report(call, Diagnostics.Recursion, [fn, ...back].map(callableName).join(' → '));
      reportedFiles.add(file);
      break;
    }
  }
}
