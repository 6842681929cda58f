// R5 side of the code-quality benchmark: for each kernel, transpiles the subset source, compiles it,
// its hand-written C twin, the harness and the BSP with the hypervisor's compiler and flags
// (cli/build/toolchain.ts, privileged code: -mgeneral-regs-only), links one bare-metal image, runs it in
// QEMU under -icount shift=0 and reads the harness's report line: instructions of every kernel call
// (PMCCNTR around each call, the counter's own read subtracted), the output digest, and whether the
// two versions agreed (the harness exits with a mismatch otherwise). Code bytes come from `nm -S`: the
// sizes of the function symbols each version's object defines that the linked ELF kept.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { bspPart } from '../../cli/build/bsp-sources.ts';
import { compileArgs } from '../../cli/build/compile.ts';
import { linkElf } from '../../cli/build/link.ts';
import { defaultOutRoot, fromRepo } from '../../cli/build/paths.ts';
import { runTool } from '../../cli/build/run-tool.ts';
import type { BuildSpec } from '../../cli/build/spec.ts';
import { privilegedCFlags, tools } from '../../cli/build/toolchain.ts';
import { withQemu } from '../../qemu/runner/index.ts';
import { transpile, writeTranspileResult, formatDiagnostic } from '../../transpiler/index.ts';
import type { Kernel } from './kernels.ts';

export const CODEGEN_OUT = join(defaultOutRoot, 'bench', 'codegen');
const KERNEL_DIR = 'bench/codegen/kernels';
const HARNESS_DIR = 'bench/codegen/harness';
const BOARD = 'realview-eb';
const RUN_LIMIT_MS = 60_000;
const REPORT_LINE =
  /^codegen kernel=(\S+) calls=(\d+) ts_instr=(\d+) c_instr=(\d+) overhead=(\d+) digest=([0-9a-f]{8})$/m;
const MISMATCH_LINE = /^codegen MISMATCH .*$/m;

export interface R5Measurement {
  kernel: string;
  /** Measured kernel calls of each version. */
  calls: number;
  /** Instructions of all calls of each version. */
  tsTotal: number;
  cTotal: number;
  /** Code bytes of each version's kernel functions. */
  tsBytes: number;
  cBytes: number;
  /** Per-function code bytes, for the report's explanation. */
  tsFunctions: Record<string, number>;
  cFunctions: Record<string, number>;
  /** Digest of the outputs (both versions agreed on every one), to compare with the host. */
  digest: string;
  elf: string;
}

/** Where one kernel's build lives. */
function kernelDir(kernel: Kernel, iterations: number): string {
  return join(CODEGEN_OUT, `${kernel.name}-${iterations}`);
}

/** The harness image of `kernel` built for `iterations` (by buildKernelImage / measureOnR5). */
export function harnessElf(kernel: Kernel, iterations: number): string {
  return join(kernelDir(kernel, iterations), 'harness.elf');
}

async function compile(source: string, object: string, includeDirs: string[], defines: BuildSpec['defines']) {
  const spec: BuildSpec = {
    name: 'codegen',
    sources: [source],
    includeDirs,
    defines,
    extraCFlags: privilegedCFlags,
    linkerScript: '',
    linkerSearchDirs: [],
  };
  const result = await runTool(tools.gcc, compileArgs(source, object, spec));
  if (result.code !== 0)
    throw new Error(`codegen: compiling ${source} failed:\n${result.stderr || result.stdout}`);
}

function objectName(source: string): string {
  return `${basename(source).replace(/\.(c|S)$/, '_$1')}.o`;
}

/** Compiles the BSP once per output root (its objects do not depend on the kernel). */
const bspObjects = new Map<string, Promise<string[]>>();
function buildBsp(): Promise<string[]> {
  let pending = bspObjects.get(CODEGEN_OUT);
  if (pending === undefined) {
    pending = (async () => {
      const bsp = bspPart(BOARD);
      const dir = join(CODEGEN_OUT, 'bsp-obj');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const objects: string[] = [];
      for (const source of bsp.sources) {
        const object = join(dir, `${source.replace(/[\\/]/g, '__')}.o`);
        await compile(source, object, bsp.includeDirs, {});
        objects.push(object);
      }
      return objects;
    })();
    bspObjects.set(CODEGEN_OUT, pending);
  }
  return pending;
}

/** Text (function) symbols an object defines, with their sizes. */
async function functionSizes(file: string): Promise<Map<string, number>> {
  const result = await runTool(tools.nm, ['-S', '--defined-only', file]);
  if (result.code !== 0) throw new Error(`codegen: ${tools.nm} -S ${file}: ${result.stderr}`);
  const sizes = new Map<string, number>();
  for (const line of result.stdout.split('\n')) {
    const m = /^[0-9a-f]+ ([0-9a-f]+) [tT] (\S+)$/.exec(line.trim());
    if (m !== null) sizes.set(m[2], parseInt(m[1], 16));
  }
  return sizes;
}

/** Sizes (from the ELF) of the functions `object` defines, minus `excluded`. */
async function kernelFunctions(
  object: string,
  elfSizes: Map<string, number>,
  excluded: readonly string[],
): Promise<Record<string, number>> {
  const defined = await functionSizes(object);
  const kept: Record<string, number> = {};
  for (const name of [...defined.keys()].sort()) {
    if (excluded.includes(name)) continue;
    const size = elfSizes.get(name);
    if (size !== undefined) kept[name] = size;
  }
  return kept;
}

const sum = (sizes: Record<string, number>): number => Object.values(sizes).reduce((a, b) => a + b, 0);

/** Builds the harness image of `kernel` with `iterations` harness iterations. */
export async function buildKernelImage(
  kernel: Kernel,
  iterations: number,
): Promise<{ elf: string; tsObject: string; cObject: string }> {
  const dir = kernelDir(kernel, iterations);
  const genDir = join(dir, 'gen');
  const objDir = join(dir, 'obj');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(objDir, { recursive: true });
  const result = transpile({
    entries: [fromRepo(join(KERNEL_DIR, kernel.ts))],
    lineDirectives: false,
    sourceRoot: fromRepo('.'),
  });
  if (result.diagnostics.some((d) => d.category === 'error')) {
    throw new Error(
      `codegen: ${kernel.ts} does not transpile:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`,
    );
  }
  writeTranspileResult(result, genDir);
  const generated = result.modules.map((m) => join(genDir, m.cFile));
  const includeDirs = [genDir, KERNEL_DIR, HARNESS_DIR, 'bsp/include', 'bsp/armv7r', 'bsp'];
  const defines = { HARNESS_ITERATIONS: `${iterations}u` };
  const sources = [
    ...generated,
    join(KERNEL_DIR, kernel.c),
    join(HARNESS_DIR, 'harness.c'),
    join(HARNESS_DIR, kernel.harness),
  ];
  // Generated and hand-written files may share a base name (crc32.c): the objects say which is which.
  const roles = [...generated.map(() => 'gen'), 'hand', 'harness', 'harness'];
  const objects = sources.map((source, i) => join(objDir, `${roles[i]}__${objectName(source)}`));
  const [bsp] = await Promise.all([
    buildBsp(),
    ...sources.map((s, i) => compile(s, objects[i], includeDirs, defines)),
  ]);
  const elf = harnessElf(kernel, iterations);
  const spec: BuildSpec = {
    name: `codegen-${kernel.name}`,
    sources: [],
    includeDirs: [],
    defines: {},
    extraCFlags: [],
    linkerScript: bspPart(BOARD).linkerScript,
    linkerSearchDirs: [...bspPart(BOARD).linkerSearchDirs, HARNESS_DIR],
  };
  await linkElf([...objects, ...bsp], spec, elf, join(dir, 'harness.map'));
  return { elf, tsObject: objects[0], cObject: objects[generated.length] };
}

/** Runs an image and returns its console output once it exits (semihosting). */
async function runImage(elf: string): Promise<{ output: string; exitCode: number | null }> {
  return withQemu({ elf, icount: { shift: 0 }, timeoutMs: RUN_LIMIT_MS }, async (vm) => {
    const result = await vm.wait();
    return { output: result.output, exitCode: result.exitCode };
  });
}

/** What one run of a harness image reports. */
export interface R5Run {
  calls: number;
  tsTotal: number;
  cTotal: number;
  digest: string;
}

/** Runs a built harness image once and parses its report (throws on a mismatch or a missing report). */
export async function runKernelImage(kernel: Kernel, elf: string): Promise<R5Run> {
  const { output, exitCode } = await runImage(elf);
  writeFileSync(join(dirname(elf), 'console.txt'), output);
  const mismatch = MISMATCH_LINE.exec(output);
  if (mismatch !== null) {
    throw new Error(`codegen: ${kernel.name}: the two versions disagree on the R5: ${mismatch[0]}`);
  }
  const report = REPORT_LINE.exec(output);
  if (report === null || exitCode !== 0) {
    throw new Error(`codegen: ${kernel.name}: no report from ${elf} (exit ${exitCode}); console:\n${output}`);
  }
  if (report[1] !== kernel.name) {
    throw new Error(`codegen: ${elf} reported kernel '${report[1]}', expected '${kernel.name}'`);
  }
  return {
    calls: Number(report[2]),
    tsTotal: Number(report[3]),
    cTotal: Number(report[4]),
    digest: report[6],
  };
}

export async function measureOnR5(kernel: Kernel, iterations = kernel.iterations): Promise<R5Measurement> {
  const image = await buildKernelImage(kernel, iterations);
  const run = await runKernelImage(kernel, image.elf);
  const elfSizes = await functionSizes(image.elf);
  const tsFunctions = await kernelFunctions(image.tsObject, elfSizes, kernel.notKernel);
  const cFunctions = await kernelFunctions(image.cObject, elfSizes, kernel.notKernel);
  return {
    kernel: kernel.name,
    ...run,
    tsBytes: sum(tsFunctions),
    cBytes: sum(cFunctions),
    tsFunctions,
    cFunctions,
    elf: image.elf,
  };
}
