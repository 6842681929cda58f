// Code-quality benchmark: the same kernels written in the subset and as hand-written C, compared on the
// Cortex-R5 (instructions per call under QEMU -icount shift=0, code bytes of the kernel's functions)
// and, on the host, the subset source run in Node and compiled with AssemblyScript to Wasm (wall
// time). `measureCodegen()` takes the measurements, `renderCodegenSection()` turns them into the
// markdown section of docs/BENCHMARKS.md; `npx tsx bench/codegen/index.ts [--quick]` prints the table.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { CodegenEntry } from '../codegen-entry.ts';
import { measureOnHost } from './host.ts';
import { KERNELS, type Kernel } from './kernels.ts';
import { measureOnR5 } from './r5.ts';

/** Target: generated C within this factor of the hand-written C, in instructions and in bytes. */
export const CODEGEN_TARGET_RATIO = 1.1;

export type { CodegenEntry };

export interface CodegenOptions {
  /** Fewer harness iterations and host runs (tests). */
  quick?: boolean;
  /** Skip the host measurement. */
  noHost?: boolean;
}

const QUICK_DIVISOR = 10;
const HOST_SCALE = 40;
const QUICK_HOST_SCALE = 20;
const HOST_RUNS = 7;
const QUICK_HOST_RUNS = 3;

const round1 = (x: number): number => Math.round(x * 10) / 10;
/** Four significant digits (host times span microseconds to hundreds of milliseconds). */
const significant4 = (x: number): number => Number(x.toPrecision(4));

/** Harness iterations of a kernel in a full or a quick run. */
export function harnessIterations(kernel: Kernel, quick: boolean): number {
  return quick ? Math.max(1, Math.ceil(kernel.iterations / QUICK_DIVISOR)) : kernel.iterations;
}

export async function measureCodegen(options: CodegenOptions = {}): Promise<CodegenEntry[]> {
  const entries: CodegenEntry[] = [];
  for (const kernel of KERNELS) {
    const iterations = options.quick
      ? Math.max(1, Math.ceil(kernel.iterations / QUICK_DIVISOR))
      : kernel.iterations;
    const r5 = await measureOnR5(kernel, iterations);
    if (r5.calls <= 0) throw new Error(`codegen: ${kernel.name}: the harness made no calls`);
    const entry: CodegenEntry = {
      kernel: kernel.name,
      ts_instr: round1(r5.tsTotal / r5.calls),
      c_instr: round1(r5.cTotal / r5.calls),
      ts_bytes: r5.tsBytes,
      c_bytes: r5.cBytes,
      functions: { ts: r5.tsFunctions, c: r5.cFunctions },
    };
    if (!options.noHost) {
      const host = await measureOnHost(kernel, {
        r5Iterations: iterations,
        iterations: iterations * (options.quick ? QUICK_HOST_SCALE : HOST_SCALE),
        runs: options.quick ? QUICK_HOST_RUNS : HOST_RUNS,
      });
      for (const [engine, digest] of [
        ['Node', host.nodeDigest],
        ['Wasm', host.wasmDigest],
      ] as const) {
        if (digest !== r5.digest) {
          throw new Error(
            `codegen: ${kernel.name}: the ${engine} run's outputs differ from the R5's (digest ${digest}, R5 ${r5.digest})`,
          );
        }
      }
      entry.host = { node_ms: significant4(host.nodeMs), wasm_ms: significant4(host.wasmMs) };
    }
    entries.push(entry);
  }
  return entries;
}

const ratio = (a: number, b: number): string => (b === 0 ? '—' : (a / b).toFixed(2));
const verdict = (e: CodegenEntry): string =>
  e.ts_instr <= e.c_instr * CODEGEN_TARGET_RATIO && e.ts_bytes <= e.c_bytes * CODEGEN_TARGET_RATIO
    ? 'met'
    : 'missed';

/** How the subset versions stand where the hand-written C trusts an invariant (printed under the table). */
const SUBSET_NOTES =
  'Where the hand-written C trusts an invariant, the subset versions prove it instead of checking every ' +
  'access: sha256 covers each 64-byte block and the copied tail with one `checkRange` and reads the ' +
  "block's words with `loadU32BE` (one load and a byte reverse), and slot-lookup's plan index is a " +
  'module variable only ever assigned checked plan numbers, so `PLANS[plan]` needs no check; the one ' +
  "check left there is the window index against the plan's window count.";

/** For a missed kernel: its ratios and the code bytes of each function on both sides. */
function missParagraph(e: CodegenEntry): string {
  const sizes = (functions: Record<string, number> | undefined): string =>
    functions === undefined
      ? 'not recorded'
      : Object.entries(functions)
          .map(([name, bytes]) => `\`${name}\` ${bytes} B`)
          .join(', ');
  return (
    `**${e.kernel}** misses the target: ${ratio(e.ts_instr, e.c_instr)}× in instructions, ` +
    `${ratio(e.ts_bytes, e.c_bytes)}× in bytes. Code bytes per function: generated ${sizes(e.functions?.ts)}; ` +
    `hand-written ${sizes(e.functions?.c)}.`
  );
}

/** Markdown section: the R5 table with ratios against the target, the host table, and the method. */
export function renderCodegenSection(entries: readonly CodegenEntry[]): string {
  const lines: string[] = [];
  lines.push('## Generated-code quality');
  lines.push('');
  lines.push(
    `The same kernels written in the TypeScript subset (transpiled by \`bulkhead ts2c\`) and as idiomatic ` +
      `hand-written C, compiled with the hypervisor's compiler and flags and run side by side on the Cortex-R5 ` +
      `in one bare-metal image per kernel (\`bench/codegen/\`). Target: generated C within ` +
      `${CODEGEN_TARGET_RATIO.toFixed(2)}× of the hand-written C in instructions and in bytes on every kernel.`,
  );
  lines.push('');
  lines.push('| kernel | instr/call TS→C | instr/call C | ratio | bytes TS→C | bytes C | ratio | target |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const e of entries) {
    lines.push(
      `| ${e.kernel} | ${e.ts_instr} | ${e.c_instr} | ${ratio(e.ts_instr, e.c_instr)} | ${e.ts_bytes} | ${e.c_bytes} | ${ratio(e.ts_bytes, e.c_bytes)} | ${verdict(e)} |`,
    );
  }
  for (const e of entries) {
    if (verdict(e) === 'missed') lines.push('', missParagraph(e));
  }
  lines.push('', SUBSET_NOTES);
  lines.push('');
  lines.push(
    'Instructions: PMCCNTR read around every kernel call under QEMU `-icount shift=0` (one count per ' +
      'instruction), the counter read itself subtracted, summed over the harness calls and divided by their ' +
      'number; this includes the call, argument set-up and return. Both versions get the same inputs and ' +
      'their outputs are compared call by call on the target (the image fails on any difference). Bytes: ' +
      "`nm -S` sizes of the functions each version's object contributes to the linked ELF (tables and data " +
      'not counted; harness-only helpers excluded on both sides).',
  );
  const hosted = entries.filter((e) => e.host !== undefined);
  if (hosted.length > 0) {
    lines.push('');
    lines.push('| kernel | Node (tsx) ms | Wasm (AssemblyScript) ms | Node / Wasm |');
    lines.push('| --- | ---: | ---: | ---: |');
    for (const e of hosted) {
      lines.push(
        `| ${e.kernel} | ${e.host!.node_ms} | ${e.host!.wasm_ms} | ${ratio(e.host!.node_ms, e.host!.wasm_ms)} |`,
      );
    }
    lines.push('');
    lines.push(
      'Host: the subset kernels driven by the same input loop as the R5 harness (`bench/codegen/drivers/`), ' +
        'run in Node through tsx and compiled with AssemblyScript 0.28 (`-O3 --runtime stub`, sources ' +
        'adapted textually by `bench/codegen/as/adapt.ts`) to Wasm run by Node; wall time of one run, median ' +
        'of several after a warm-up, both engines alternating in one process. Both produce the R5 outputs ' +
        '(digest compared). Wall times depend on the host and its load; the ratio is the figure to read.',
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(args: string[]): Promise<number> {
  const quick = args.includes('--quick');
  const noHost = args.includes('--no-host');
  const unknown = args.filter((a) => a !== '--quick' && a !== '--no-host');
  if (unknown.length > 0) {
    console.error(`codegen: unknown argument '${unknown[0]}' (usage: index.ts [--quick] [--no-host])`);
    return 2;
  }
  const entries = await measureCodegen({ quick, noHost });
  console.log(renderCodegenSection(entries));
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
