// What a build is: a list of sources, include directories, defines and a linker script. The
// self-test image and, later, the hypervisor (generated C + BSP + guest images) are both described
// this way; paths are relative to the repository root unless absolute.

export interface BuildSpec {
  /** System name; outputs go to `<outRoot>/<name>/`. */
  name: string;
  /** C (`.c`) and assembly (`.S`) sources. */
  sources: string[];
  /** Directories passed as `-I`. */
  includeDirs: string[];
  /** Preprocessor defines: `NAME` (true) or `NAME=value`. */
  defines: Record<string, string | number | true>;
  /** CPU selection flags (the board's `cpu.compilerFlags`); toolchain.ts's `cpuFlags` (Cortex-R5F) when
   *  absent. */
  cpuFlags?: readonly string[];
  /** C flags added to toolchain.ts's cFlags for this build (e.g. privilegedCFlags). */
  extraCFlags: readonly string[];
  /** Prebuilt objects linked in after the compiled sources (e.g. guest images from embedBinary()). */
  objects?: readonly string[];
  /** The linker script passed as `-T`. */
  linkerScript: string;
  /** Directories the linker script's INCLUDE statements are searched in (`-L`). */
  linkerSearchDirs: string[];
  /** Symbols defined for the linker script (`--defsym`), e.g. the per-mode stack sizes a hypervisor
   *  image computes from its call graph; the script's defaults apply to the others. */
  linkerSymbols?: Record<string, number>;
}

/** The built files of one system. */
export interface BuiltImage {
  name: string;
  elf: string;
  bin: string;
  map: string;
  dir: string;
}

export function defineFlags(defines: BuildSpec['defines']): string[] {
  return Object.entries(defines).map(([name, value]) =>
    value === true ? `-D${name}` : `-D${name}=${String(value)}`,
  );
}
