// Builds a hypervisor system image from a system description (`systems/<name>.ts`). This file only
// orchestrates; each step is a module of its own:
//   load + validate the description (errors printed with their config paths, no image written)
//   → build each VM's guest (guest.ts)
//   → deriveTables (firmware/config/derive.ts, with the guest images' digests) →
//     `out/<system>/gen/system-tables.ts` (generate/tables-module.ts) and `out/<system>/gen/limits.ts`
//     (generate/limits-module.ts)
//   → transpile the core with them into out/<system>/gen/c/ as one unit (transpile-core.ts)
//   → place the guest images and their pristine copies (guest-placement.ts),
//     embed them (embed.ts) as placed by `partitions.ld` (generate/partitions-script.ts), described to
//     the C side by `image-glue.c` (generate/image-glue.ts)
//   → compile core + port layer C + BSP (compile-hypervisor.ts), link, size the per-mode stacks from the
//     image's call graph (stacks.ts, `<dir>/stacks.json`) and link again:
//     `out/<system>/bulkhead.elf` + `.bin` + `.map` + `.hex`.
// Every build step that can be skipped is skipped through the one content cache (content-cache.ts).
// Each step is reported through the `progress` option (progress.ts). A build that fails leaves no image
// behind: the old `bulkhead.{elf,bin,map,hex}` of the system is removed when the build starts and
// whatever a failed build linked is removed too, so nothing stale can be booted or flashed.
// Run directly: `npx tsx cli/build/system.ts <systems/x.ts> [--out <root>] [--guest vm=folder ...]`.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { BoardDescription } from '../../firmware/config/boards.ts';
import { DeriveError, deriveTables } from '../../firmware/config/derive.ts';
import { type GuestDefines, loadSystemModule, SystemLoadError } from '../../firmware/config/load.ts';
import type { SystemDescription } from '../../firmware/config/types.ts';
import { formatConfigErrors } from '../../firmware/config/validate.ts';
import {
  InvalidSystemError,
  validatedSystem,
  type ValidatedSystem,
} from '../../firmware/config/validated-system.ts';
import { bspPart, sourcesIn } from './bsp-sources.ts';
import { compileHypervisor } from './compile-hypervisor.ts';
import { embedBinary, imageDigest } from './embed.ts';
import { BuildSpecError, LinkError } from './errors.ts';
import { RetargetError, retargetSystem } from '../../firmware/config/retarget.ts';
import { IMAGE_GLUE_NAME, imageGlueSource } from './generate/image-glue.ts';
import { limitsModuleSource } from './generate/limits-module.ts';
import {
  embeddedSection,
  PARTITIONS_SCRIPT_NAME,
  partitionsScriptSource,
} from './generate/partitions-script.ts';
import { tablesModuleSource } from './generate/tables-module.ts';
import { buildGuest, type BuiltGuest } from './guest.ts';
import { type GuestPlacement, placeGuests } from './guest-placement.ts';
import { buildImage, imageBaseName, removeImage } from './image.ts';
import { type BuildProgress, silentProgress } from './progress.ts';
import { defaultOutRoot, fromRepo } from './paths.ts';
import { runTool } from './run-tool.ts';
import type { BuildSpec, BuiltImage } from './spec.ts';
import { type ImageStacks, sizeImageStacks, stackSymbols } from './stacks.ts';
import { hypervisorCFlags, tools } from './toolchain.ts';
import { TRANSPILE_RECORD, transpileCore } from './transpile-core.ts';

export { coreEntry } from './transpile-core.ts';
/** The port layer's C side (externs of firmware/port/*.ts, the image's main and exception hooks) for a
 *  board: the CPU-independent folder and the folder of the board's CPU layer (`firmware/port/c/<cpu>`,
 *  the CPU's MPU block load, VFP state and guest-writable thread-ID registers). */
export function portCDirs(board: BoardDescription): string[] {
  return ['firmware/port/c', join('firmware/port/c', board.cpu.bspDir)];
}
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
  /** Extra preprocessor defines per VM name for its guest's sources (`buildHypervisorSystem` adds
   *  them to those the description module exports as `guestDefines`; these win). */
  guestDefines?: GuestDefines;
  /** Builds the system for this board instead of its own (`firmware/config/retarget.ts`: areas moved
   *  into the board's partition RAM, the image named `<system>-<board>`). */
  board?: string;
  /** Told each build step as it starts (default: nothing). */
  progress?: BuildProgress;
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
  placements: GuestPlacement[];
}

/** Loads `systemFile` and builds it (see the file header) with the guest defines it exports. A file that
 *  does not load removes the image of the system named after it (`out/<file name>/`). */
export async function buildHypervisorSystem(
  systemFile: string,
  options: SystemBuildOptions = {},
): Promise<BuiltSystem> {
  (options.progress ?? silentProgress)(`loading ${relative(process.cwd(), resolve(systemFile))}`);
  let loaded;
  try {
    loaded = await loadSystemModule(systemFile);
  } catch (error) {
    if (error instanceof SystemLoadError) {
      removeSystemImage(basename(systemFile).replace(/\.ts$/, ''), options);
      throw new BuildSpecError(error.message);
    }
    throw error;
  }
  return buildHypervisorSystemFrom(loaded.description, {
    ...options,
    guestDefines: mergedGuestDefines(loaded.guestDefines, options.guestDefines ?? {}),
  });
}

/** `base` with `overrides` laid over it, VM by VM. */
export function mergedGuestDefines(base: GuestDefines, overrides: GuestDefines): GuestDefines {
  const merged: GuestDefines = { ...base };
  for (const [vm, defines] of Object.entries(overrides)) merged[vm] = { ...merged[vm], ...defines };
  return merged;
}

/** The first link's image (default stack sizes), only for sizing the stacks; removed after. */
const UNSIZED_IMAGE_NAME = 'bulkhead-unsized';

/** Where `system` (a system's name, `<name>-<board>` when built for another board) puts its image. */
export function systemImageDir(system: string, options: Pick<SystemBuildOptions, 'outRoot'> = {}): string {
  return join(resolve(options.outRoot ?? defaultOutRoot), system);
}

/** Removes the image `bulkhead.{elf,bin,map,hex}` of `system`, if its name is a plain file name. */
function removeSystemImage(system: unknown, options: SystemBuildOptions): void {
  if (typeof system !== 'string' || !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(system)) return;
  const dir = systemImageDir(system, options);
  removeImage(dir);
  removeImage(dir, UNSIZED_IMAGE_NAME);
  rmSync(join(dir, `${imageBaseName}.hex`), { force: true });
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

/** Builds an already loaded description. Whatever way it fails, it leaves no image of the system. */
export async function buildHypervisorSystemFrom(
  desc: SystemDescription,
  options: SystemBuildOptions = {},
): Promise<BuiltSystem> {
  const targetName =
    options.board === undefined || options.board === desc.board || typeof desc.name !== 'string'
      ? desc.name
      : `${desc.name}-${options.board}`;
  removeSystemImage(targetName, options);
  try {
    return await buildValidSystem(desc, options);
  } catch (error) {
    removeSystemImage(targetName, options);
    throw error;
  }
}

async function buildValidSystem(desc: SystemDescription, options: SystemBuildOptions): Promise<BuiltSystem> {
  const progress = options.progress ?? silentProgress;
  progress(
    `validating system '${String(desc.name)}'${options.board === undefined ? '' : ` for ${options.board}`}`,
  );
  if (options.board !== undefined) {
    try {
      desc = retargetSystem(desc, options.board);
    } catch (error) {
      if (error instanceof RetargetError) throw new BuildSpecError(`system '${desc.name}': ${error.message}`);
      throw error;
    }
  }
  let system: ValidatedSystem;
  try {
    system = validatedSystem(desc);
  } catch (error) {
    if (error instanceof InvalidSystemError) throw new SystemConfigError(error.system, error.errors);
    throw error;
  }
  const { board } = system;
  for (const vmName of Object.keys(options.guests ?? {})) {
    if (!desc.vms.some((vm) => vm.name === vmName)) {
      throw new BuildSpecError(`guest override names VM '${vmName}', which system '${desc.name}' lacks`);
    }
  }

  const outRoot = resolve(options.outRoot ?? defaultOutRoot);
  const out = join(outRoot, desc.name);
  const genDir = join(out, 'gen');
  const cDir = join(genDir, 'c');
  mkdirSync(genDir, { recursive: true });

  // Guests first: their images' digests are part of the tables.
  const guests: BuiltGuest[] = [];
  for (const vm of desc.vms) {
    const image = options.guests?.[vm.name];
    progress(`building guest of VM '${vm.name}' (guests/${image ?? vm.image})`);
    guests.push(
      await buildGuest(system, vm.name, {
        outRoot,
        ...(image === undefined ? {} : { image }),
        defines: options.guestDefines?.[vm.name] ?? {},
      }),
    );
  }
  // Tables and limits modules, and the transpiled core.
  progress('generating the system tables and limits');
  let derived: ReturnType<typeof deriveTables>;
  try {
    derived = deriveTables(
      system,
      guests.map((guest) => imageDigest(guest.bin)),
    );
  } catch (error) {
    if (error instanceof DeriveError) throw new BuildSpecError(`system '${desc.name}': ${error.message}`);
    throw error;
  }
  const tablesModule = join(genDir, 'system-tables.ts');
  const tablesImport = importSpecifier(tablesModule, fromRepo('firmware/core/tables.ts'));
  writeFileSync(tablesModule, tablesModuleSource(derived, tablesImport, desc.name));
  const limitsModule = join(genDir, 'limits.ts');
  writeFileSync(limitsModule, limitsModuleSource(derived, desc.name));
  progress('transpiling the core to C');
  const core = transpileCore(desc.name, tablesModule, limitsModule, cDir);

  // Placements and pristine copies, embedded as `partitions.ld` places them.
  const placements = placeGuests(
    desc,
    board,
    guests.map((guest) => readFileSync(guest.bin).length),
  );
  const objects = await embedGuests(guests, join(out, 'embed'));
  writeFileSync(join(out, PARTITIONS_SCRIPT_NAME), partitionsScriptSource(desc.name, placements));
  const glue = join(cDir, IMAGE_GLUE_NAME);
  writeFileSync(glue, imageGlueSource(desc));

  // Compile and link.
  const bsp = bspPart(desc.board, outRoot);
  const spec: BuildSpec = {
    name: desc.name,
    sources: [glue],
    includeDirs: [...bsp.includeDirs, cDir, 'firmware/port/c', join('firmware/port/c', board.cpu.bspDir)],
    cpuFlags: bsp.cpuFlags,
    defines: {},
    // Frames per function (`.su` beside each object) for the stack sizing; the code is unchanged.
    extraCFlags: [...hypervisorCFlags, '-fstack-usage'],
    objects,
    linkerScript: bsp.linkerScript,
    linkerSearchDirs: [out, ...bsp.linkerSearchDirs],
  };
  const hypervisorSources = [
    ...bsp.sources,
    ...portCDirs(board).flatMap((dir) => (existsSync(fromRepo(dir)) ? sourcesIn(dir) : [])),
    ...core.cFiles.map((file) => join(cDir, file)),
  ];
  progress(`compiling the hypervisor (${hypervisorSources.length} sources)`);
  const hypervisorObjects = await compileHypervisor(
    hypervisorSources,
    spec,
    join(out, 'hv-obj'),
    ['bsp', ...portCDirs(board), cDir, ...bsp.linkerSearchDirs],
    [IMAGE_GLUE_NAME, TRANSPILE_RECORD],
  );
  // Link once with the linker script's default stacks, size each mode's stack from the call graph of
  // that image (stacks.ts), link again with those sizes (only .stacks moves).
  progress('linking');
  const first = await buildImage(
    { ...spec, objects: [...hypervisorObjects, ...objects] },
    out,
    UNSIZED_IMAGE_NAME,
  );
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
  progress('linking again with the sized stacks');
  const built = await buildImage(
    { ...spec, objects: [...hypervisorObjects, ...objects], linkerSymbols: stackSymbols(stacks) },
    out,
  );
  removeImage(out, UNSIZED_IMAGE_NAME);
  const hex = join(out, 'bulkhead.hex');
  const ihex = await runTool(tools.objcopy, ['-O', 'ihex', built.elf, hex]);
  if (ihex.code !== 0) throw new LinkError(built.elf, `objcopy -O ihex: ${ihex.stderr.trim()}`);
  progress(`image ${relative(process.cwd(), built.elf)}: ${readFileSync(built.bin).length} bytes`);
  return { ...built, hex, system: desc.name, tablesModule, cDir, guests, placements, stacks };
}

/** Each guest image twice (at its entry and as its pristine copy) as objects whose sections
 *  `partitions.ld` places; `embedBinary` names its symbols after the file, so each placement gets a
 *  distinct copy of the binary. */
async function embedGuests(guests: readonly BuiltGuest[], embedDir: string): Promise<string[]> {
  rmSync(embedDir, { recursive: true, force: true });
  mkdirSync(embedDir, { recursive: true });
  const objects: string[] = [];
  for (const [index, guest] of guests.entries()) {
    for (const kind of ['image', 'pristine'] as const) {
      const copy = join(embedDir, `vm${index}_${kind}.bin`);
      copyFileSync(guest.bin, copy);
      const object = join(embedDir, `vm${index}_${kind}.o`);
      await embedBinary(copy, embeddedSection(index, kind), object);
      objects.push(object);
    }
  }
  return objects;
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
    const arg = args[i];
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
