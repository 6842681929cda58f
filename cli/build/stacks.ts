// Per-mode stacks of a hypervisor image, sized from the image's own worst-case stack depth instead of
// hand-written numbers: the hypervisor is compiled with `-fstack-usage` (frames per function, `.su`
// files beside the objects), linked once with the linker script's default sizes, and its call graph is
// walked from the C entry each exception stub calls (cli/build/stack-depth.ts). Each mode then gets
//   reserved = max(STACK_MIN_BYTES, round up to 64 bytes of (depth × 3/2 + STACK_FIXED_BYTES))
// (a 50 % margin for what the analysis cannot see, such as a compiler change, plus the fixed bytes of
// the stub's saved word, the stack canary words of bsp/armv7r/stack_canary.c and alignment), and the
// image is linked again with those sizes (`--defsym BH_STACK_SIZE_<MODE>`, bsp/armv7r/image.ld).
// The idle thread runs on the port layer's own stack (`port_idle_stack`): its depth is checked against it.
import { readFileSync } from 'node:fs';

import { BuildSpecError } from './errors.ts';
import { runTool } from './run-tool.ts';
import { parseDisassembly, parseStackUsage, resolveRegisteredHandlers, StackDepths } from './stack-depth.ts';

export const STACK_MODES = ['SVC', 'IRQ', 'FIQ', 'ABT', 'UND', 'SYS'] as const;
export type StackMode = (typeof STACK_MODES)[number];

/** The C functions that run on each mode's stack: what the exception stubs call (bsp/armv7r/
 *  exception_entry.S → exceptions.c), and `main` for SYS (the boot thread until the first switch). */
export const MODE_ENTRIES: Record<StackMode, readonly string[]> = {
  SVC: ['bh_svc_entry'],
  IRQ: ['bh_irq_entry'],
  FIQ: ['bh_fiq_entry'],
  ABT: ['bh_data_abort_entry', 'bh_prefetch_abort_entry'],
  UND: ['bh_undefined_entry'],
  SYS: ['main'],
};
/** The idle thread's entry and its stack (firmware/port/c/bsp-port.c). */
export const IDLE_ENTRY = 'port_idle_loop';
export const IDLE_STACK_SYMBOL = 'port_idle_stack';

/** Bytes added to every mode's depth: the stub's saved word, 4 canary words, alignment. */
export const STACK_FIXED_BYTES = 64;
/** Smallest stack a mode gets. */
export const STACK_MIN_BYTES = 256;

/** The stack reserved for a worst-case depth of `depth` bytes (see the file header). */
export function reservedStackBytes(depth: number): number {
  return Math.max(STACK_MIN_BYTES, Math.ceil((Math.ceil((depth * 3) / 2) + STACK_FIXED_BYTES) / 64) * 64);
}

export interface ModeStack {
  /** Worst-case depth in bytes of the mode's entries. */
  depth: number;
  /** The deepest path, outermost first. */
  path: string[];
  /** Bytes reserved (`reservedStackBytes(depth)`). */
  reserved: number;
}

export interface ImageStacks {
  modes: Record<StackMode, ModeStack>;
  /** The idle thread: its depth and the stack the port layer gives it. */
  idle: { depth: number; path: string[]; reserved: number };
  /** Functions whose frame came from their prologue (no `.su` entry: assembly, libgcc). */
  estimated: string[];
  /** Indirect calls reached that the analysis could not follow (none expected). */
  unresolvedIndirect: string[];
  /** Registered-handler dispatchers and the handlers they may call. */
  resolvedIndirect: Record<string, string[]>;
}

/** Linker symbols (`BH_STACK_SIZE_<MODE>`) for `stacks`. */
export function stackSymbols(stacks: ImageStacks): Record<string, number> {
  return Object.fromEntries(
    STACK_MODES.map((mode) => [`BH_STACK_SIZE_${mode}`, stacks.modes[mode].reserved]),
  );
}

/**
 * Sizes the mode stacks of the linked image `elf` from the `.su` files of its objects and the C
 * sources (for the registered interrupt handlers). Throws naming the idle thread when its depth
 * exceeds its stack.
 */
export async function sizeImageStacks(
  elf: string,
  suFiles: readonly string[],
  cSourceTexts: readonly string[],
): Promise<ImageStacks> {
  const frames = new Map<string, number>();
  for (const file of suFiles) {
    for (const entry of parseStackUsage(readFileSync(file, 'utf8'))) {
      if (!entry.qualifier.startsWith('static')) {
        throw new BuildSpecError(
          `stack: ${entry.name} in ${file} has a ${entry.qualifier} frame: no static bound`,
        );
      }
      // Static functions of different files may share a name: take the larger frame.
      frames.set(entry.name, Math.max(frames.get(entry.name) ?? 0, entry.bytes));
    }
  }
  const dump = await runTool('arm-none-eabi-objdump', ['-d', '--no-show-raw-insn', elf]);
  if (dump.code !== 0) throw new BuildSpecError(`stack: objdump -d ${elf}: ${dump.stderr}`);
  const functions = parseDisassembly(dump.stdout);
  const resolvedIndirect = resolveRegisteredHandlers(functions, cSourceTexts);
  const depths = new StackDepths(functions, (name) => frames.get(name));
  const modes = {} as Record<StackMode, ModeStack>;
  for (const mode of STACK_MODES) {
    let worst = { depth: 0, path: [] as string[] };
    for (const entry of MODE_ENTRIES[mode]) {
      if (!functions.has(entry)) continue;
      const result = depths.of(entry);
      if (result.depth > worst.depth) worst = result;
    }
    modes[mode] = { ...worst, reserved: reservedStackBytes(worst.depth) };
  }
  const idle = functions.has(IDLE_ENTRY) ? depths.of(IDLE_ENTRY) : { depth: 0, path: [] };
  const symbols = await runTool('arm-none-eabi-nm', ['-S', elf]);
  const idleStack = new RegExp(`^[0-9a-f]+ ([0-9a-f]+) [bBdD] ${IDLE_STACK_SYMBOL}$`, 'm').exec(
    symbols.stdout,
  );
  const idleReserved = idleStack === null ? 0 : parseInt(idleStack[1], 16);
  if (functions.has(IDLE_ENTRY) && idle.depth + STACK_FIXED_BYTES > idleReserved) {
    throw new BuildSpecError(
      `stack: the idle thread needs ${idle.depth} bytes (+${STACK_FIXED_BYTES}) but ${IDLE_STACK_SYMBOL} has ${idleReserved} (${idle.path.join(' → ')})`,
    );
  }
  return {
    modes,
    idle: { ...idle, reserved: idleReserved },
    estimated: [...depths.estimated].sort(),
    unresolvedIndirect: [...depths.indirect].sort(),
    resolvedIndirect,
  };
}
