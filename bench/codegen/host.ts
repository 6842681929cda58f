// Host side of the code-quality benchmark: the same subset kernels run by their drivers in Node (tsx,
// the subset runtime's conversions as real function calls) and compiled with AssemblyScript to Wasm
// (bench/codegen/as) run in Node's WebAssembly engine. First both runs with the R5 harness's iteration
// count must give the R5's output digest; then wall time per run, both engines alternating in one
// process, median of several runs after a warm-up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { buildWasm, runExportName } from './as/adapt.ts';
import { KERNELS, type Kernel } from './kernels.ts';
import { CODEGEN_OUT } from './r5.ts';

export interface HostMeasurement {
  kernel: string;
  /** Driver iterations per timed run. */
  iterations: number;
  /** Median wall time of one run, milliseconds. */
  nodeMs: number;
  wasmMs: number;
  /** Output digests of a run with the R5 harness's iteration count. */
  nodeDigest: string;
  wasmDigest: string;
}

type Run = (iterations: number) => number;

const hex = (value: number): string => (value >>> 0).toString(16).padStart(8, '0');

async function nodeDriver(kernel: Kernel): Promise<Run> {
  const module = (await import(`./drivers/${kernel.ts}`)) as { run: Run };
  return module.run;
}

/** The AS module of every kernel, built and instantiated once per process. */
let wasmInstance: Promise<{ file: string; exports: WebAssembly.Exports }> | undefined;

async function wasmDriver(kernel: Kernel): Promise<Run> {
  wasmInstance ??= (async () => {
    const file = await buildWasm(KERNELS, join(CODEGEN_OUT, 'as'));
    const { instance } = await WebAssembly.instantiate(readFileSync(file), {
      env: {
        abort(): never {
          throw new Error(`codegen: a Wasm kernel aborted`);
        },
      },
    });
    return { file, exports: instance.exports };
  })();
  const { file, exports } = await wasmInstance;
  const run = exports[runExportName(kernel.name)];
  if (typeof run !== 'function')
    throw new Error(`codegen: ${file} exports no ${runExportName(kernel.name)}()`);
  return run as Run;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function timed(run: Run, iterations: number): number {
  const start = performance.now();
  run(iterations);
  return performance.now() - start;
}

export interface HostOptions {
  /** Iterations the R5 harness ran (the digests must match its digest). */
  r5Iterations: number;
  /** Iterations per timed run. */
  iterations: number;
  /** Timed runs per engine. */
  runs: number;
}

export async function measureOnHost(kernel: Kernel, options: HostOptions): Promise<HostMeasurement> {
  const node = await nodeDriver(kernel);
  const wasm = await wasmDriver(kernel);
  const nodeDigest = hex(node(options.r5Iterations));
  const wasmDigest = hex(wasm(options.r5Iterations));
  // Warm-up (JIT tiers), then alternate so both engines see the same machine load.
  node(options.iterations);
  wasm(options.iterations);
  const nodeTimes: number[] = [];
  const wasmTimes: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    nodeTimes.push(timed(node, options.iterations));
    wasmTimes.push(timed(wasm, options.iterations));
  }
  return {
    kernel: kernel.name,
    iterations: options.iterations,
    nodeMs: median(nodeTimes),
    wasmMs: median(wasmTimes),
    nodeDigest,
    wasmDigest,
  };
}
