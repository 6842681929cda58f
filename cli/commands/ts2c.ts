// `bulkhead ts2c <entry.ts...> -o <dir> [--no-line]`: transpiles a module graph written in the
// TypeScript subset to C. Prints the subset diagnostics; exits 1 (writing nothing) on any error.
import { formatDiagnostic, transpile, writeTranspileResult } from '../../transpiler/index.ts';

export const summary = 'transpile TypeScript-subset modules to C (ts2c <entry.ts...> -o <dir> [--no-line])';

const USAGE = 'usage: bulkhead ts2c <entry.ts...> -o <dir> [--no-line]';

export async function run(args: string[]): Promise<number> {
  const entries: string[] = [];
  let outDir: string | undefined;
  let lineDirectives = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(
        `${USAGE}\n\nWrites one .c/.h per module plus bh_runtime.h and bh_offsets.h into <dir>.\n  --no-line  omit #line directives pointing at the .ts source`,
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
  const result = transpile({ entries, lineDirectives });
  for (const d of result.diagnostics) console.error(formatDiagnostic(d));
  if (result.diagnostics.some((d) => d.category === 'error')) {
    const count = result.diagnostics.filter((d) => d.category === 'error').length;
    console.error(`bulkhead ts2c: ${count} error${count === 1 ? '' : 's'}; no C written`);
    return 1;
  }
  writeTranspileResult(result, outDir);
  console.log(
    `bulkhead ts2c: ${result.modules.length} module${result.modules.length === 1 ? '' : 's'} → ${outDir} (${result.files.map((f) => f.path).join(', ')})`,
  );
  return 0;
}
