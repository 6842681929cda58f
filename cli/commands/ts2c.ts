// `bulkhead ts2c <entry.ts...> -o <dir> [--no-line] [--watch]`: transpiles a module graph written in the
// TypeScript subset to C. Prints the subset diagnostics (with paths relative to the working directory
// when the entries were given so, as given otherwise); exits 1 (writing nothing) on any error, 2 on bad
// arguments (an unknown option, a missing value, an entry file that does not exist). The output
// directory holds a clean set: files an earlier run generated there and this one does not are removed.
// `--watch` keeps the process (and the parsed TypeScript library) and transpiles again whenever a module
// of the graph changes: a re-transpile takes a fraction of a cold start.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { formatDiagnostic, transpile, writeTranspileResult } from '../../transpiler/index.ts';

export const summary =
  'transpile TypeScript-subset modules to C (ts2c <entry.ts...> -o <dir> [--no-line] [--watch])';

const USAGE = 'usage: bulkhead ts2c <entry.ts...> -o <dir> [--no-line] [--watch]';
/** Quiet time after a change before transpiling again (editors write a file in several steps). */
const WATCH_SETTLE_MS = 50;

export async function run(args: string[]): Promise<number> {
  const entries: string[] = [];
  let outDir: string | undefined;
  let lineDirectives = true;
  let watching = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      console.log(
        `${USAGE}\n\nWrites one .c/.h per module plus bh_runtime.h and bh_offsets.h into <dir>.\n  --no-line  omit #line directives pointing at the .ts source\n  --watch    stay running; transpile again when a module of the graph changes`,
      );
      return 0;
    } else if (arg === '-o' || arg === '--out') {
      outDir = args[++i];
      if (outDir === undefined) {
        console.error(`bulkhead ts2c: '${arg}' needs a directory\n${USAGE}`);
        return 2;
      }
    } else if (arg === '--no-line') {
      lineDirectives = false;
    } else if (arg === '--watch') {
      watching = true;
    } else if (arg.startsWith('-')) {
      console.error(`bulkhead ts2c: unknown option '${arg}'\n${USAGE}`);
      return 2;
    } else entries.push(arg);
  }
  if (entries.length === 0 || outDir === undefined) {
    console.error(
      `bulkhead ts2c: ${entries.length === 0 ? 'no entry file given' : 'no output directory given (-o <dir>)'}\n${USAGE}`,
    );
    return 2;
  }
  const missing = entries.find((entry) => !existsSync(entry));
  if (missing !== undefined) {
    console.error(`bulkhead ts2c: '${missing}' does not exist (expected a .ts entry module)\n${USAGE}`);
    return 2;
  }
  const relativePaths = entries.every((entry) => !isAbsolute(entry));
  const once = (): { code: number; files: string[] } => {
    const started = performance.now();
    const result = transpile({ entries, lineDirectives });
    for (const d of result.diagnostics)
      console.error(formatDiagnostic(relativePaths ? { ...d, file: relative(process.cwd(), d.file) } : d));
    const graph = result.modules.map((m) => m.tsFile);
    const files = graph.length > 0 ? graph : entries;
    if (result.diagnostics.some((d) => d.category === 'error')) {
      const count = result.diagnostics.filter((d) => d.category === 'error').length;
      console.error(`bulkhead ts2c: ${count} error${count === 1 ? '' : 's'}; no C written`);
      return { code: 1, files };
    }
    writeTranspileResult(result, outDir);
    const took = watching ? ` in ${Math.round(performance.now() - started)} ms` : '';
    console.log(
      `bulkhead ts2c: ${result.modules.length} module${result.modules.length === 1 ? '' : 's'} → ${outDir}${took} (${result.files.map((f) => f.path).join(', ')})`,
    );
    return { code: 0, files };
  };
  const first = once();
  if (!watching) return first.code;
  return watchAndRepeat(first.files, once);
}

/** Transpiles again whenever one of the graph's files changes (the graph may change with it); never
 *  returns on its own: the process ends with a signal. */
function watchAndRepeat(
  initialFiles: string[],
  once: () => { code: number; files: string[] },
): Promise<number> {
  return new Promise<number>(() => {
    let watchers: FSWatcher[] = [];
    let timer: NodeJS.Timeout | undefined;
    const watchAll = (files: string[]): void => {
      for (const w of watchers) w.close();
      watchers = files.map((file) =>
        watch(file, () => {
          if (timer !== undefined) clearTimeout(timer);
          timer = setTimeout(() => watchAll(once().files), WATCH_SETTLE_MS);
        }),
      );
      console.log(`bulkhead ts2c: watching ${files.length} file${files.length === 1 ? '' : 's'}`);
    };
    watchAll(initialFiles);
  });
}
