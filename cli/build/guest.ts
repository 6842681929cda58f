// Builds one C guest for one VM of a system description: generates the ABI header
// (generate/abi-header.ts), the VM's system header (generate/system-header.ts) and its linker script
// (generate/guest-linker-script.ts), compiles the SDK's sources (guests/sdk/src) and the guest's own sources
// (guests/<image>/, the VM's `image` unless overridden) for the VM — ARM state like the BSP, hard-float
// VFPv3-D16 when the VM uses the FPU and soft-float otherwise, freestanding, warnings as errors — and
// links `out/<system>/guests/<vm>/guest.elf` (plus `.bin` and `.map`) at the VM's own addresses.
// A guest written in the TypeScript subset has `main.ts` in its folder (exporting `main(): void`): it
// is transpiled into the generated directory and linked with a generated C `main` that calls it and
// the guest's bounds-check hook (print, halt); the TS SDK's externs come from guests/sdk/src/ts_bindings.c.
// Run directly: `npx tsx cli/build/guest.ts <system.ts> <vm> [image]`.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type BoardDescription, realviewEb } from '../../firmware/config/boards.ts';
import { loadSystemDescription } from '../../firmware/config/load.ts';
import {
  InvalidSystemError,
  validatedSystem,
  type ValidatedSystem,
} from '../../firmware/config/validated-system.ts';
import { writeAbiHeader } from './generate/abi-header.ts';
import { formatDiagnostic, transpile, writeTranspileResult } from '../../transpiler/index.ts';
import { BOUNDS_FAIL_PARAMETERS } from '../../transpiler/runtime-header.ts';
import {
  DEFAULT_STACK_BYTES,
  guestLayout,
  linkerScriptText,
  type GuestLayout,
} from './generate/guest-linker-script.ts';
import { SYSTEM_HEADER_NAME, findVm, systemHeaderText } from './generate/system-header.ts';
import { sourcesIn } from './bsp-sources.ts';
import { BuildSpecError, CompileError, LinkError } from './errors.ts';
import { defaultOutRoot, fromRepo } from './paths.ts';
import { runTool } from './run-tool.ts';
import { defineFlags, type BuildSpec } from './spec.ts';
import { asmFlags, cFlags, linkFlags, linkLibraries, sourceKind, tools } from './toolchain.ts';

/** The SDK's include directory and its sources (crt0, upcall glue, console, runtime). */
export const sdkIncludeDir = 'guests/sdk/include';
export const sdkSourceDir = 'guests/sdk/src';

export const guestBaseName = 'guest';

/** Entry module of a guest written in the TypeScript subset (in its image folder). */
export const tsGuestEntry = 'main.ts';

export interface GuestBuildOptions {
  /** Output root (default `out/`). */
  outRoot?: string;
  /** Guest folder below `guests/` to build instead of the VM's `image` (e.g. `test/ping`). */
  image?: string;
  /** Extra preprocessor defines for the guest's sources (e.g. an address the guest needs). */
  defines?: BuildSpec['defines'];
  /** Stack reserved below the VM's stack top (default 4 KiB). */
  stackBytes?: number;
}

export interface BuiltGuest {
  system: string;
  vm: string;
  image: string;
  dir: string;
  elf: string;
  bin: string;
  map: string;
  linkerScript: string;
  /** Directory of the generated headers (`bulkhead_abi.h`, `bulkhead_system.h`). */
  genDir: string;
  /** The guest is written in the TypeScript subset (its C is under `genDir/ts`). */
  typescript: boolean;
  layout: GuestLayout;
  usesFpu: boolean;
}

type CpuDescription = BoardDescription['cpu'];

/** The Cortex-R5F of the realview-eb board: the CPU a guest is built for unless its board's is given. */
const DEFAULT_GUEST_CPU: CpuDescription = realviewEb.cpu;

/** The value of one `-m<name>=` flag among a CPU's compiler flags. */
function cpuFlag(cpu: CpuDescription, name: string): string {
  const flag = cpu.compilerFlags.find((f) => f.startsWith(`-m${name}=`));
  if (flag === undefined) throw new BuildSpecError(`CPU ${cpu.name} has no -m${name}= compiler flag`);
  return flag;
}

/** CPU flags of a guest on `cpu` (the board's): ARM state like the BSP; the FPU's hard-float ABI only
 *  when the VM uses it. */
export function guestCpuFlags(usesFpu: boolean, cpu: CpuDescription = DEFAULT_GUEST_CPU): string[] {
  const mcpu = cpuFlag(cpu, 'cpu');
  return usesFpu
    ? [mcpu, '-marm', cpuFlag(cpu, 'fpu'), '-mfloat-abi=hard']
    : [mcpu, '-marm', '-mfloat-abi=soft'];
}

/** Defines that select the CPU's hypercall instruction in the SDK's wrappers (bulkhead.h): HVC for a
 *  guest at EL1 of an Armv8-R core, SVC (no define) otherwise. */
export function guestCpuDefines(cpu: CpuDescription = DEFAULT_GUEST_CPU): string[] {
  return cpu.hypercall === 'hvc' ? ['-DBH_HYPERCALL_HVC'] : [];
}

/** Full gcc arguments to compile or assemble one guest source (exported for tests). */
export function guestCompileArgs(
  source: string,
  object: string,
  usesFpu: boolean,
  includeDirs: readonly string[],
  defines: BuildSpec['defines'],
  cpu: CpuDescription = DEFAULT_GUEST_CPU,
): string[] {
  const kind = sourceKind(source);
  if (kind === undefined) {
    throw new BuildSpecError(`not a C (.c) or assembly (.S) source: ${source}`);
  }
  return [
    ...guestCpuFlags(usesFpu, cpu),
    ...(kind === 'c' ? cFlags : asmFlags),
    ...includeDirs.map((dir) => `-I${fromRepo(dir)}`),
    ...guestCpuDefines(cpu),
    ...defineFlags(defines),
    '-c',
    fromRepo(source),
    '-o',
    object,
  ];
}

function objectName(source: string): string {
  return `${source.replace(/[\\/]/g, '__').replace(/\.(c|S)$/, '_$1')}.o`;
}

/** Builds the guest of VM `vmName` of a validated system into `<outRoot>/<system>/guests/<vm>/`. */
export async function buildGuest(
  system: ValidatedSystem,
  vmName: string,
  options: GuestBuildOptions = {},
): Promise<BuiltGuest> {
  const { desc } = system;
  const { vm } = findVm(desc, vmName);
  const image = options.image ?? vm.image;
  const imageDir = join('guests', image);
  if (!existsSync(fromRepo(imageDir))) {
    throw new BuildSpecError(`VM '${vm.name}': guest image folder ${imageDir} does not exist`);
  }
  const guestSources = sourcesIn(imageDir);
  const typescript = existsSync(fromRepo(join(imageDir, tsGuestEntry)));
  if (guestSources.length === 0 && !typescript) {
    throw new BuildSpecError(
      `VM '${vm.name}': guest image folder ${imageDir} has no .c or .S sources and no ${tsGuestEntry}`,
    );
  }
  const layout = guestLayout(vm, options.stackBytes ?? DEFAULT_STACK_BYTES);

  const dir = join(resolve(options.outRoot ?? defaultOutRoot), desc.name, 'guests', vm.name);
  const genDir = join(dir, 'gen');
  const objDir = join(dir, 'obj');
  await rm(objDir, { recursive: true, force: true });
  await mkdir(objDir, { recursive: true });
  writeAbiHeader(genDir);
  await writeFile(join(genDir, SYSTEM_HEADER_NAME), systemHeaderText(desc, vm.name));
  const linkerScript = join(dir, `${guestBaseName}.ld`);
  await writeFile(linkerScript, linkerScriptText(layout));

  const sources = [...sourcesIn(sdkSourceDir), ...guestSources];
  const includeDirs = [sdkIncludeDir, genDir, imageDir];
  if (typescript) {
    const tsDir = join(genDir, 'ts');
    sources.push(...(await transpileTsGuest(join(imageDir, tsGuestEntry), tsDir, genDir)));
    includeDirs.push(tsDir);
  }
  const defines = options.defines ?? {};
  const objects = sources.map((source) => join(objDir, objectName(source)));
  await Promise.all(
    sources.map(async (source, index) => {
      const args = guestCompileArgs(
        source,
        objects[index],
        vm.usesFpu,
        includeDirs,
        defines,
        system.board.cpu,
      );
      const result = await runTool(tools.gcc, args);
      if (result.code !== 0) throw new CompileError(source, result.stderr || result.stdout);
    }),
  );

  const built: BuiltGuest = {
    system: desc.name,
    vm: vm.name,
    image,
    dir,
    elf: join(dir, `${guestBaseName}.elf`),
    bin: join(dir, `${guestBaseName}.bin`),
    map: join(dir, `${guestBaseName}.map`),
    linkerScript,
    genDir,
    layout,
    usesFpu: vm.usesFpu,
    typescript,
  };
  const link = await runTool(tools.gcc, [
    ...guestCpuFlags(vm.usesFpu, system.board.cpu),
    ...linkFlags(built.map),
    `-T${linkerScript}`,
    '-o',
    built.elf,
    ...objects,
    ...linkLibraries,
  ]);
  if (link.code !== 0) throw new LinkError(linkerScript, link.stderr || link.stdout);
  const objcopy = await runTool(tools.objcopy, ['-O', 'binary', built.elf, built.bin]);
  if (objcopy.code !== 0) throw new LinkError(linkerScript, `objcopy: ${objcopy.stderr}`);
  return built;
}

/**
 * Transpiles the TypeScript guest `entry` (repository-relative) into `tsDir` and writes the C glue
 * into `genDir`: `main()` calling the entry's exported `main`, and the bounds-check hook of the
 * generated runtime (prints a line and halts the VM). Returns the C sources to compile.
 */
async function transpileTsGuest(entry: string, tsDir: string, genDir: string): Promise<string[]> {
  const result = transpile({ entries: [fromRepo(entry)], sourceRoot: fromRepo('.') });
  const errors = result.diagnostics.filter((d) => d.category === 'error');
  if (errors.length > 0) {
    throw new BuildSpecError(
      `guest ${entry} is not valid subset TypeScript:\n${errors.map(formatDiagnostic).join('\n')}`,
    );
  }
  await rm(tsDir, { recursive: true, force: true });
  writeTranspileResult(result, tsDir);
  const entryModule = result.modules.find((m) => resolve(m.tsFile) === fromRepo(entry));
  const mainSymbol = entryModule?.exports['main'];
  if (entryModule === undefined || mainSymbol === undefined) {
    throw new BuildSpecError(`guest ${entry} must export \`function main(): void\``);
  }
  const parameters = BOUNDS_FAIL_PARAMETERS.join(', ');
  const unused = BOUNDS_FAIL_PARAMETERS.map((p) => p.trim().split(/\s+/).pop()!);
  const glue = join(genDir, 'ts-guest-main.c');
  await writeFile(
    glue,
    [
      `/* C entry of the TypeScript guest ${entry}. GENERATED by cli/build/guest.ts; do not edit. */`,
      `#include "${entryModule.hFile}"`,
      '#include "bulkhead.h"',
      '',
      'int main(void)',
      '{',
      `    ${mainSymbol}();`,
      '    return 0;',
      '}',
      '',
      '/* A failed index check in the transpiled code: report it and halt the VM. */',
      `_Noreturn void bh_bounds_fail(${parameters})`,
      '{',
      ...unused.map((name) => `    (void)${name};`),
      '    (void)bh_puts("bh: index out of bounds\\n");',
      '    bh_exit(1);',
      '}',
      '',
    ].join('\n'),
  );
  return [...result.files.filter((f) => f.path.endsWith('.c')).map((f) => join(tsDir, f.path)), glue];
}

/** Loads the system description at `systemPath` and builds VM `vmName`'s guest. */
export async function buildGuestFromFile(
  systemPath: string,
  vmName: string,
  options: GuestBuildOptions = {},
): Promise<BuiltGuest> {
  const desc = await loadSystemDescription(systemPath);
  let system: ValidatedSystem;
  try {
    system = validatedSystem(desc);
  } catch (error) {
    if (error instanceof InvalidSystemError) throw new BuildSpecError(error.message);
    throw error;
  }
  return buildGuest(system, vmName, options);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [systemPath, vmName, image] = process.argv.slice(2);
  if (systemPath === undefined || vmName === undefined) {
    console.error(`usage: tsx ${basename(process.argv[1])} <system.ts> <vm> [image folder below guests/]`);
    process.exit(2);
  }
  buildGuestFromFile(systemPath, vmName, image === undefined ? {} : { image }).then(
    (built) => console.log(`built ${built.elf} (${built.image}) for VM '${built.vm}' of '${built.system}'`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
