// The cross toolchain and every compiler, assembler and linker flag of a Bulkhead image, in one place.
//
// Instruction set: ARM (A32), not Thumb-2. Exceptions are taken in ARM state (SCTLR.TE = 0), so the
// vectors, the context save/restore assembly and the C handlers they call share one state with no
// interworking on the hot path; the SVC immediate of ARM code is the full 24-bit field; and under
// QEMU -icount every instruction costs the same, so denser Thumb-2 code would not make the
// deterministic instruction counts smaller in a way that matters. libgcc's multilib for this CPU
// is Thumb-2; the linker inserts the interworking branches (BLX) to it.

import { cortexR5f } from '../../bsp/armv7r/cpu.ts';

/** Tool names (Debian's gcc-arm-none-eabi and binutils-arm-none-eabi). */
export const tools = {
  gcc: 'arm-none-eabi-gcc',
  objcopy: 'arm-none-eabi-objcopy',
  size: 'arm-none-eabi-size',
  readelf: 'arm-none-eabi-readelf',
  nm: 'arm-none-eabi-nm',
} as const;

/** The CPU: Cortex-R5F with VFPv3-D16, hard-float calling convention, ARM state (bsp/armv7r/cpu.ts). */
export const cpuFlags: readonly string[] = cortexR5f.compilerFlags;

/** C language, freestanding, warnings as errors. */
export const cFlags: readonly string[] = [
  '-std=c11',
  '-ffreestanding',
  '-nostdlib',
  '-O2',
  '-g',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-pedantic',
  '-Wconversion',
  '-Wshadow',
  '-Wstrict-prototypes',
  '-Wmissing-prototypes',
  '-ffunction-sections',
  '-fdata-sections',
];

/**
 * Extra C flags for code that runs privileged (BSP, hypervisor): no floating-point or SIMD
 * registers, so an exception handler never disturbs the VFP state of the partition it
 * interrupted; a partition's VFP registers only need saving when partitions switch. Guest code,
 * which may compute in f32/f64, is built without them.
 */
export const privilegedCFlags: readonly string[] = ['-mgeneral-regs-only'];

/**
 * Extra C flags of the hypervisor image (BSP, port layer, core): its static data stays in one section
 * per object, so GCC addresses the variables of a unit through one section anchor instead of a
 * MOVW/MOVT pair per variable. The core is one unit (cli/build/system.ts), so its hot paths (trap entry,
 * hypercall dispatch, trace record, resume) load their state off a single base register. Unused
 * functions are still removed (`-ffunction-sections`, `--gc-sections`).
 */
export const hypervisorCFlags: readonly string[] = [...privilegedCFlags, '-fno-data-sections'];

/** Assembly goes through the C preprocessor (`.S`) so it shares the register headers. */
export const asmFlags: readonly string[] = ['-g', '-Wall', '-Werror', '-x', 'assembler-with-cpp'];

/** Link flags before the objects; `mapFile` is where the link map goes. */
export function linkFlags(mapFile: string): string[] {
  return ['-nostdlib', '-Wl,--gc-sections', `-Wl,-Map=${mapFile}`, '-Wl,--fatal-warnings'];
}

/** Libraries after the objects: libgcc only (no C library). */
export const linkLibraries: readonly string[] = ['-lgcc'];

/** Source kinds the build knows, by file extension. */
export type SourceKind = 'c' | 'asm';

export function sourceKind(file: string): SourceKind | undefined {
  if (file.endsWith('.c')) return 'c';
  if (file.endsWith('.S')) return 'asm';
  return undefined;
}
