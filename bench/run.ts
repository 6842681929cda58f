// `npm run bench`: takes the implemented measurements (footprint, worst-case stack depth, null hypercall
// round trip), writes
// `out/bench/results.json` and regenerates `docs/BENCHMARKS.md` from it. Options: `--json <file>` and
// `--report <file>` redirect the outputs (the tests use them); `--no-report` skips the markdown.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { format, resolveConfig } from 'prettier';

import { measureFootprint } from './footprint.ts';
import { measureHypercallNull } from './hypercall-null.ts';
import { renderReport } from './report.ts';
import { ALL_KEYS, type BenchResults } from './results.ts';
import { measureStack } from './stack.ts';

export const DEFAULT_JSON = resolve('out/bench/results.json');
export const DEFAULT_REPORT = resolve('docs/BENCHMARKS.md');

/** Takes every implemented measurement. */
export async function runBenchmarks(): Promise<BenchResults> {
  const footprint = await measureFootprint();
  const { depth, ...stackDetail } = await measureStack();
  const { latency, ...hypercallNullDetail } = await measureHypercallNull();
  const measured = new Set(['footprint', 'stack', 'hypercall_null']);
  return {
    basis: 'bytes from the GNU ld map and from gcc -fstack-usage; instructions under QEMU -icount shift=0',
    footprint,
    stack: depth,
    stackDetail,
    hypercall_null: latency,
    hypercallNullDetail,
    notMeasured: ALL_KEYS.filter((key) => !measured.has(key)),
  };
}

export async function main(args: string[]): Promise<number> {
  let jsonFile = DEFAULT_JSON;
  let reportFile: string | undefined = DEFAULT_REPORT;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json' && args[i + 1] !== undefined) jsonFile = resolve(args[++i]!);
    else if (arg === '--report' && args[i + 1] !== undefined) reportFile = resolve(args[++i]!);
    else if (arg === '--no-report') reportFile = undefined;
    else {
      console.error(
        `bench: unknown argument '${arg}' (usage: bench [--json <file>] [--report <file> | --no-report])`,
      );
      return 2;
    }
  }
  const results = await runBenchmarks();
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`bench: wrote ${jsonFile}`);
  if (reportFile !== undefined) {
    mkdirSync(dirname(reportFile), { recursive: true });
    // Formatted as the repository's prettier configuration would, so `npm run format:check` stays clean.
    const options = (await resolveConfig(reportFile)) ?? {};
    writeFileSync(reportFile, await format(renderReport(results), { ...options, parser: 'markdown' }));
    console.log(`bench: wrote ${reportFile}`);
  }
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
