// Builds a hypervisor system image from a system description (`systems/<name>.ts`):
//   load + validate the description (errors printed with their config paths, no image written)
//   → deriveTables → `out/<system>/gen/system-tables.ts` (an `as const` subset module typed by
//     firmware/core/tables.ts) and `out/<system>/gen/limits.ts` (the core's limits sized for the system,
//     substituted for firmware/core/limits.ts: storage for exactly its VMs, ports, routes, queues)
//   → transpile the core entry (firmware/core/hypervisor.ts) + the tables module into out/<system>/gen/c/
//     (reused when a digest of the transpiler, core, port-layer and tables sources is unchanged), compiled
//     as one translation unit `bulkhead-core.c` so that GCC inlines across the core's modules
//   → build each VM's guest (cli/build/guest.ts)
//   → embed each guest image at its VM's entry address and a pristine copy of it above every VM area
//     (cold restarts copy it back), described to the C side by a generated `image-glue.c`
//   → compile core + port layer C (firmware/port/c, firmware/port-c) + BSP (objects reused while a
//     digest of their sources, headers and flags is unchanged), link, size the per-mode stacks from the
//     image's call graph (cli/build/stacks.ts, `<dir>/stacks.json`) and link
//     `out/<system>/bulkhead.elf` + `.bin` + `.map` + `.hex`.
// Run directly: `npx tsx cli/build/system.ts <systems/x.ts> [--out <root>] [--guest vm=folder ...]`.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { findBoard, UnknownBoardError } from '../../firmware/config/boards.ts';
import {
  DeriveError,
  deriveTables,
  limitsModuleSource,
  tablesModuleSource,
} from '../../firmware/config/derive.ts';
import { loadSystemDescription, SystemLoadError } from '../../firmware/config/load.ts';
import type { SystemDescription } from '../../firmware/config/types.ts';
import {
  DEFAULT_IRQ_BUDGET_PER_FRAME,
  formatConfigErrors,
  validateSystem,
} from '../../firmware/config/validate.ts';
import { formatDiagnostic, transpile, writeTranspileResult } from '../../transpiler/index.ts';
import { bspPart, sourcesIn } from './bsp-sources.ts';
import { compileArgs, compileSource } from './compile.ts';
import { embedBinary, imageDigest } from './embed.ts';
import { BuildSpecError, LinkError } from './errors.ts';
import { buildGuest, type BuiltGuest } from './guest.ts';
import { buildImage } from './image.ts';
import { type ImageStacks, sizeImageStacks, stackSymbols } from './stacks.ts';
import { defaultOutRoot, fromRepo } from './paths.ts';
import { runTool } from './run-tool.ts';
import type { BuildSpec, BuiltImage } from './spec.ts';
import { hypervisorCFlags, tools } from './toolchain.ts';

/** The core's entry module, transpiled with everything it imports. */
export const coreEntry = 'firmware/core/hypervisor.ts';
/** The core's limits, replaced in an image by the system's own (`limitsModuleSource`). */
const coreLimits = 'firmware/core/limits.ts';
/** The port layer's C side (externs of firmware/port/*.ts, the image's main and exception hooks). */
export const portCDirs = ['firmware/port/c', 'firmware/port-c'] as const;
/** Pristine copies start at the first 4 KiB boundary above every VM area. */
const PRISTINE_ALIGN = 0x1000;

/** A system description that failed validation; `errors` carry config paths. */
export class SystemConfigError extends BuildSpecError {
  constructor(
    readonly system: string,
    readonly errors: readonly { path: string; message: string }[],
  ) {
    super(`system '${system}' is not valid:\n${formatConfigErrors(errors)}`);
  }
}

export interface SystemBuildOptions {
  /** Output root (default `out/`): the image goes to `<outRoot>/<system>/`. */
  outRoot?: string;
  /** Guest folder (below `guests/`) per VM name, overriding the VM's `image`. */
  guests?: Record<string, string>;
  /** Extra preprocessor defines per VM name for its guest's sources. */
  guestDefines?: Record<string, Record<string, string | number | true>>;
}

export interface BuiltSystem extends BuiltImage {
  hex: string;
  /** Per-mode stack depths and the sizes linked (also in `<dir>/stacks.json`). */
  stacks: ImageStacks;
  system: string;
  /** The generated tables module and the transpiled C. */
  tablesModule: string;
  cDir: string;
  guests: BuiltGuest[];
  /** Where each VM's image and its pristine copy lie. */
  placements: { vm: string; base: number; pristine: number; size: number }[];
}

/** Loads `systemFile` and builds it (see the file header). */
export async function buildHypervisorSystem(
  systemFile: string,
  options: SystemBuildOptions = {},
): Promise<BuiltSystem> {
  let desc: SystemDescription;
  try {
    desc = await loadSystemDescription(systemFile);
  } catch (error) {
    if (error instanceof SystemLoadError) throw new BuildSpecError(error.message);
    throw error;
  }
  return buildHypervisorSystemFrom(desc, options);
}

/**
 * The system description file `bulkhead build <arg>` means, or undefined when `arg` is not one (then it
 * names a BSP test image of cli/build/systems.ts such as `selftest`): a path ending in `.ts`, or a name
 * `x` with a file `systems/x.ts`.
 */
export function systemFileFor(arg: string): string | undefined {
  if (arg.endsWith('.ts')) return arg;
  const named = fromRepo(join('systems', `${arg}.ts`));
  return existsSync(named) ? named : undefined;
}

/** Builds an already loaded description. */
export async function buildHypervisorSystemFrom(
  desc: SystemDescription,
  options: SystemBuildOptions = {},
): Promise<BuiltSystem> {
  const board = findBoard(desc.board);
  if (board === undefined) {
    throw new SystemConfigError(desc.name, [
      { path: 'board', message: new UnknownBoardError(desc.board).message },
    ]);
  }
  const errors = validateSystem(desc, board);
  if (errors.length > 0) throw new SystemConfigError(desc.name, errors);
  for (const vmName of Object.keys(options.guests ?? {})) {
    if (!desc.vms.some((vm) => vm.name === vmName)) {
      throw new BuildSpecError(`guest override names VM '${vmName}', which system '${desc.name}' lacks`);
    }
  }

  const out = join(resolve(options.outRoot ?? defaultOutRoot), desc.name);
  const genDir = join(out, 'gen');
  const cDir = join(genDir, 'c');
  mkdirSync(genDir, { recursive: true });

  // Tables module and the transpiled core.
  const tablesModule = join(genDir, 'system-tables.ts');
  let derived: ReturnType<typeof deriveTables>;
  try {
    derived = deriveTables(desc, board);
  } catch (error) {
    if (error instanceof DeriveError) throw new BuildSpecError(`system '${desc.name}': ${error.message}`);
    throw error;
  }
  writeFileSync(
    tablesModule,
    tablesModuleSource(
      derived,
      importSpecifier(tablesModule, fromRepo('firmware/core/tables.ts')),
      desc.name,
    ),
  );
  const limitsModule = join(genDir, 'limits.ts');
  writeFileSync(limitsModule, limitsModuleSource(derived, desc.name));
  const core = transpileCore(desc.name, tablesModule, limitsModule, cDir);

  // Guests, their placements and pristine copies.
  const guests: BuiltGuest[] = [];
  for (const vm of desc.vms) {
    const image = options.guests?.[vm.name];
    guests.push(
      await buildGuest(desc, vm.name, {
        outRoot: resolve(options.outRoot ?? defaultOutRoot),
        ...(image === undefined ? {} : { image }),
        defines: options.guestDefines?.[vm.name] ?? {},
      }),
    );
  }
  const areaEnd = Math.max(...desc.vms.flatMap((vm) => vm.memory.map((m) => m.base + m.size)));
  let pristineCursor = alignUp(areaEnd, PRISTINE_ALIGN);
  const ramEnd = board.ram.base + board.ram.size;
  const placements: BuiltSystem['placements'] = [];
  const objects: string[] = [];
  const sections: string[] = [];
  const embedDir = join(out, 'embed');
  rmSync(embedDir, { recursive: true, force: true });
  mkdirSync(embedDir, { recursive: true });
  for (const [index, vm] of desc.vms.entries()) {
    const bin = (guests[index] as BuiltGuest).bin;
    const size = readFileSync(bin).length;
    const pristine = pristineCursor;
    pristineCursor = alignUp(pristine + size, PRISTINE_ALIGN);
    if (pristineCursor > ramEnd) {
      throw new BuildSpecError(
        `system '${desc.name}': the pristine copy of VM '${vm.name}' (${size} bytes at 0x${pristine.toString(16)}) does not fit below the end of RAM 0x${ramEnd.toString(16)}`,
      );
    }
    placements.push({ vm: vm.name, base: vm.entry, pristine, size });
    for (const [kind, address] of [
      ['image', vm.entry],
      ['pristine', pristine],
    ] as const) {
      // embedBinary names its symbols after the file: one distinct file per placement.
      const copy = join(embedDir, `vm${index}_${kind}.bin`);
      copyFileSync(bin, copy);
      const object = join(embedDir, `vm${index}_${kind}.o`);
      await embedBinary(copy, `.partition${index}.${kind}`, object);
      objects.push(object);
      sections.push(
        `.partition${index}_${kind} 0x${address.toString(16)} : { KEEP(*(.partition${index}.${kind})) } > PARTITION_RAM`,
      );
    }
  }
  writeFileSync(
    join(out, 'partitions.ld'),
    `/* Guest images of system '${desc.name}' and their pristine copies (generated by cli/build/system.ts). */\n${sections.join('\n')}\n`,
  );
  const glue = join(cDir, 'image-glue.c');
  writeFileSync(glue, imageGlueSource(desc, desc.vms.length) + selfCheckGlueSource(desc, guests, derived));

  // Compile and link.
  const bsp = bspPart(desc.board);
  const spec: BuildSpec = {
    name: desc.name,
    sources: [glue],
    includeDirs: [...bsp.includeDirs, cDir, 'firmware/port-c'],
    defines: {},
    // Frames per function (`.su` beside each object) for the stack sizing; the code is unchanged.
    extraCFlags: [...hypervisorCFlags, '-fstack-usage'],
    objects,
    linkerScript: bsp.linkerScript,
    linkerSearchDirs: [out, ...bsp.linkerSearchDirs],
  };
  const hypervisorSources = [
    ...bsp.sources,
    ...portCDirs.flatMap((dir) => (existsSync(fromRepo(dir)) ? sourcesIn(dir) : [])),
    ...core.cFiles.map((file) => join(cDir, file)),
  ];
  const hypervisorObjects = await compileHypervisor(hypervisorSources, spec, join(out, 'hv-obj'), [
    'bsp',
    ...portCDirs,
    cDir,
  ]);
  // Link once with the linker script's default stacks, size each mode's stack from the call graph of
  // that image (cli/build/stacks.ts), link again with those sizes (only .stacks moves).
  const first = await buildImage({ ...spec, objects: [...hypervisorObjects, ...objects] }, out);
  const stacks = await sizeImageStacks(
    first.elf,
    [...hypervisorObjects, ...readdirSync(join(out, 'obj')).map((f) => join(out, 'obj', f))]
      .map((object) => object.replace(/\.o$/, '.su'))
      .filter((file) => existsSync(file)),
    hypervisorSources
      .filter((source) => source.endsWith('.c'))
      .map((source) => readFileSync(fromRepo(source), 'utf8')),
  );
  writeFileSync(join(out, 'stacks.json'), `${JSON.stringify(stacks, null, 2)}\n`);
  const built = await buildImage(
    { ...spec, objects: [...hypervisorObjects, ...objects], linkerSymbols: stackSymbols(stacks) },
    out,
  );
  const hex = join(out, 'bulkhead.hex');
  const ihex = await runTool(tools.objcopy, ['-O', 'ihex', built.elf, hex]);
  if (ihex.code !== 0) throw new LinkError(built.elf, `objcopy -O ihex: ${ihex.stderr.trim()}`);
  return { ...built, hex, system: desc.name, tablesModule, cDir, guests, placements, stacks };
}

/**
 * Compiles the hypervisor's sources (BSP, port layer C, transpiled core) into `objDir`, or reuses the
 * objects there when a digest of the flags and of every file in `inputDirs` (sources and headers) is
 * unchanged. Only the per-image glue is compiled on every build.
 */
async function compileHypervisor(
  sources: string[],
  spec: BuildSpec,
  objDir: string,
  inputDirs: string[],
): Promise<string[]> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([tools.gcc, compileArgs('x.c', 'x.o', spec), compileArgs('x.S', 'x.o', spec)]));
  for (const file of inputDirs.flatMap((dir) => filesUnder(fromRepo(dir), () => true)).sort()) {
    if (file.endsWith('image-glue.c') || file.endsWith(transpileRecord)) continue;
    hash.update(`${file}\0`);
    hash.update(readFileSync(file));
  }
  for (const source of sources) hash.update(`${fromRepo(source)}\0`);
  const digest = hash.digest('hex');
  const objects = sources.map((source, index) => join(objDir, `${index}_${basename(source)}.o`));
  const stamp = join(objDir, 'digest');
  if (
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === digest &&
    objects.every((object) => existsSync(object))
  ) {
    return objects;
  }
  rmSync(objDir, { recursive: true, force: true });
  mkdirSync(objDir, { recursive: true });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sources.length) {
      const index = next++;
      await compileSource(sources[index] as string, objects[index] as string, spec);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  writeFileSync(stamp, digest);
  return objects;
}

/** What the transpiled core left in `cDir`, recorded beside it for reuse. */
interface TranspiledCore {
  digest: string;
  /** Generated `.c` files (relative to cDir). */
  cFiles: string[];
  tablesHeader: string;
  tablesSymbol: string;
}

/** Directories whose `.ts` files (with the tables module) determine the transpiled C. */
const transpileInputDirs = ['transpiler', 'firmware/core', 'firmware/port'] as const;
const transpileRecord = 'transpiled.json';

/** Digest of everything the transpiled C depends on: the transpiler, the core, the port layer's
 *  declarations, this build step (which post-processes the output), the TypeScript version and the
 *  tables module (content and location). */
function transpileDigest(tablesModule: string, limitsModule: string): string {
  const hash = createHash('sha256');
  const files = transpileInputDirs
    .flatMap((dir) => filesUnder(fromRepo(dir), (name) => name.endsWith('.ts')))
    .sort();
  for (const file of [
    ...files,
    fromRepo('node_modules/typescript/package.json'),
    fromRepo('cli/build/system.ts'),
    tablesModule,
    limitsModule,
  ]) {
    hash.update(`${file}\0`);
    hash.update(existsSync(file) ? readFileSync(file) : 'missing');
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Files below `dir` (recursively, node_modules skipped) whose name `wanted` accepts. */
function filesUnder(dir: string, wanted: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path, wanted);
    return wanted(entry.name) ? [path] : [];
  });
}

/** Transpiles the core entry and the tables module into `cDir`, unless `cDir` already holds the output
 *  of identical inputs (same digest), which is then reused. */
function transpileCore(
  system: string,
  tablesModule: string,
  limitsModule: string,
  cDir: string,
): TranspiledCore {
  const digest = transpileDigest(tablesModule, limitsModule);
  const recordFile = join(cDir, transpileRecord);
  if (existsSync(recordFile)) {
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as TranspiledCore;
    if (record.digest === digest && record.cFiles.every((file) => existsSync(join(cDir, file))))
      return record;
  }
  rmSync(cDir, { recursive: true, force: true });
  mkdirSync(cDir, { recursive: true });
  const result = transpile({
    entries: [fromRepo(coreEntry), tablesModule],
    substitutions: { [fromRepo(coreLimits)]: limitsModule },
  });
  if (result.diagnostics.length > 0) {
    throw new BuildSpecError(
      `transpiling the core for '${system}' failed:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`,
    );
  }
  writeTranspileResult(result, cDir);
  const tables = result.modules.find((m) => resolve(m.tsFile) === resolve(tablesModule));
  const tablesSymbol = tables?.exports['SYSTEM_TABLES'];
  if (tables === undefined || tablesSymbol === undefined) {
    throw new BuildSpecError(`the transpiled tables module of '${system}' exports no SYSTEM_TABLES`);
  }
  const moduleFiles = result.files.filter((f) => f.path.endsWith('.c')).map((f) => f.path);
  writeFileSync(join(cDir, coreUnit), coreUnitSource(system, moduleFiles, tables.hFile, tablesSymbol));
  const record: TranspiledCore = {
    digest,
    cFiles: [coreUnit],
    tablesHeader: tables.hFile,
    tablesSymbol,
  };
  writeFileSync(recordFile, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/** The one translation unit the core is compiled as (see `coreUnitSource`). */
const coreUnit = 'bulkhead-core.c';

/**
 * The core as one C translation unit: every transpiled module `#include`d in dependency order, plus the
 * port layer's tables accessor (firmware/port/image-tables.ts). The subset emits one file per module,
 * so without this every accessor the core's modules share (`isVm`, `partitionOf`, `contextOf`, the
 * tables) would cost a call on every hypercall and interrupt; in one unit GCC inlines them, and with
 * the tables' definition in sight it folds their constant fields (the VM count, table lengths).
 */
function coreUnitSource(
  system: string,
  moduleFiles: readonly string[],
  tablesHeader: string,
  tablesSymbol: string,
): string {
  return [
    `/* The hypervisor core of system '${system}' as one translation unit (generated by cli/build/system.ts). */`,
    ...moduleFiles.map((file) => `#include "${file}"`),
    '#include "image.h"',
    `#include "${tablesHeader}"`,
    '',
    `const struct tables_system_tables *bh_port_system_tables(void) { return &${tablesSymbol}; }`,
    '',
  ].join('\n');
}

/** The generated glue: the pristine-image table (firmware/port-c/image.h). */
function imageGlueSource(desc: SystemDescription, vms: number): string {
  const lines = [
    `/* Image glue of system '${desc.name}' (generated by cli/build/system.ts): where each VM image and`,
    ' * its pristine copy were linked (firmware/port-c/image.h). */',
    '#include <stdint.h>',
    '',
    '#include "image.h"',
    '',
  ];
  for (let vm = 0; vm < vms; vm++) {
    for (const kind of ['image', 'pristine']) {
      lines.push(`extern const uint8_t _binary_vm${vm}_${kind}_bin_start[];`);
      lines.push(`extern const uint8_t _binary_vm${vm}_${kind}_bin_end[];`);
    }
  }
  lines.push('', `const bh_vm_image bh_vm_images[${vms}] = {`);
  for (let vm = 0; vm < vms; vm++) {
    lines.push(
      `    { _binary_vm${vm}_image_bin_start, _binary_vm${vm}_pristine_bin_start, _binary_vm${vm}_pristine_bin_end },`,
    );
  }
  lines.push('};', `const uint32_t bh_vm_image_count = ${vms}u;`, '');
  return lines.join('\n');
}

/** The self-checks' part of the glue (firmware/port-c/image.h): each VM image's CRC-32, each IRQ
 *  route's interrupt budget per major frame (the device assignment's `irqBudgetPerFrame` or the
 *  default), the invariant report period. */
function selfCheckGlueSource(
  desc: SystemDescription,
  guests: readonly BuiltGuest[],
  derived: ReturnType<typeof deriveTables>,
): string {
  const digests = guests.map((guest) => `0x${imageDigest(guest.bin).toString(16).padStart(8, '0')}u`);
  const budgets = derived.irqRoutes.map((route) => {
    const assignment = desc.vms[route.vm]?.devices.find((device) => device.virq === route.virq);
    return `${assignment?.irqBudgetPerFrame ?? DEFAULT_IRQ_BUDGET_PER_FRAME}u`;
  });
  return [
    `const uint32_t bh_vm_image_digests[${Math.max(1, digests.length)}] = { ${digests.join(', ') || '0u'} };`,
    `const uint32_t bh_irq_budgets[${Math.max(1, budgets.length)}] = { ${budgets.join(', ') || '0u'} };`,
    `const uint32_t bh_irq_budget_count = ${budgets.length}u;`,
    `const uint32_t bh_invariants_report_ticks = ${desc.invariantsReportTicks ?? 0}u;`,
    '',
  ].join('\n');
}

function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

/** Import specifier of `to` as seen from the file `from` (relative, `.ts` kept). */
function importSpecifier(from: string, to: string): string {
  const path = relative(dirname(from), to).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const options: SystemBuildOptions = { guests: {} };
  let systemFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--out') options.outRoot = args[++i];
    else if (arg === '--guest') {
      const [vm, folder] = (args[++i] ?? '').split('=');
      if (vm === undefined || folder === undefined) {
        console.error(`--guest needs vm=folder`);
        process.exit(2);
      }
      options.guests![vm] = folder;
    } else systemFile = arg;
  }
  if (systemFile === undefined) {
    console.error(
      `usage: tsx ${basename(process.argv[1])} <systems/x.ts> [--out <root>] [--guest vm=folder]`,
    );
    process.exit(2);
  }
  buildHypervisorSystem(systemFile, options).then(
    (built) => console.log(`built ${relative(process.cwd(), built.elf)} (.bin .map .hex beside it)`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
