// Worst-case stack depth benchmark. The hypervisor's C sources are compiled again with the image's own
// flags plus `-fstack-usage` (GCC writes each function's frame size to a `.su` file; the flag does not
// change the generated code), and the call graph is read from `arm-none-eabi-objdump -d` of the linked
// image: `bl`/`blx <label>` are calls (caller frame + callee depth), a `b<cond> <label>` to the start of
// another function is a tail call (the caller's frame is already released: callee depth alone). Functions
// without a `.su` entry (assembly, libgcc) get their frame from their own prologue (`push`, `stmdb sp!`,
// `vpush`, `sub sp, sp, #n`) and are listed as estimated. Indirect calls (`blx rN`, `bx rN` other than
// `bx lr`, loads into pc) cannot be followed and are reported as limitations. The subset forbids
// recursion; a cycle in the graph is reported as an error rather than followed. The parsing and the
// call-graph walk are cli/build/stack-depth.ts, which the build also uses to size the mode stacks.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { bspPart } from '../cli/build/bsp-sources.ts';
import { compileSource } from '../cli/build/compile.ts';
import { fromRepo } from '../cli/build/paths.ts';
import { runTool } from '../cli/build/run-tool.ts';
import type { BuildSpec } from '../cli/build/spec.ts';
import type { StackMode } from '../cli/build/stacks.ts';
import { portCDirs, type BuiltSystem } from '../cli/build/system.ts';
import { hypervisorCFlags } from '../cli/build/toolchain.ts';
import { getBoard } from '../firmware/config/boards.ts';
import {
  parseDisassembly,
  parseStackUsage,
  REGISTERED_HANDLERS,
  registeredFunctions,
} from '../cli/build/stack-depth.ts';
import { BENCH_OUT_ROOT, buildOneVm, hypervisorSources } from './systems.ts';

export { parseDisassembly, parseStackUsage, REGISTERED_HANDLERS, registeredFunctions };

/** The BSP exception hooks the hypervisor implements: its entry points. */
export const ENTRY_POINTS = [
  'bsp_handle_svc',
  'bsp_handle_irq',
  'bsp_handle_data_abort',
  'bsp_handle_prefetch_abort',
  'bsp_handle_undefined',
] as const;

/** Each hook's exception: the C entry the assembly stub calls (bsp/armv7r/exceptions.c) and the mode
 *  whose stack it runs on (sized by the build from the image's call graph, cli/build/stacks.ts). */
export const EXCEPTION_OF_HOOK: Record<(typeof ENTRY_POINTS)[number], { cEntry: string; mode: string }> = {
  bsp_handle_svc: { cEntry: 'bh_svc_entry', mode: 'SVC' },
  bsp_handle_irq: { cEntry: 'bh_irq_entry', mode: 'IRQ' },
  bsp_handle_data_abort: { cEntry: 'bh_data_abort_entry', mode: 'ABT' },
  bsp_handle_prefetch_abort: { cEntry: 'bh_prefetch_abort_entry', mode: 'ABT' },
  bsp_handle_undefined: { cEntry: 'bh_undefined_entry', mode: 'UND' },
};

/** Per hook: depth from the exception's C entry (the assembly stub releases its one word before calling
 *  it) and the mode stack the build reserved. */
export interface ExceptionStack {
  hook: string;
  cEntry: string;
  mode: string;
  depthFromException: number;
  reserved: number;
}

export interface StackResult {
  exceptions: ExceptionStack[];
  /** Worst-case depth in bytes per entry point (the hook and everything it calls). */
  depth: Record<(typeof ENTRY_POINTS)[number], number>;
  /** Worst path per entry point, outermost first. */
  worstPath: Record<string, string[]>;
  /** Functions reached whose frame was estimated from the prologue (no `.su` entry). */
  estimated: string[];
  /** Indirect calls reached from an entry point that could not be resolved: `function: instruction`. */
  indirectCalls: string[];
  /** Indirect calls resolved from the sources: function → the functions it may call. */
  resolvedIndirect: Record<string, string[]>;
}

/** Object index (`hv-obj/<i>_*.o`) each linked function's `.text.<name>` input section came from. */
function functionObjects(mapText: string): Map<string, number> {
  const owners = new Map<string, number>();
  const pattern = /\.text\.(\S+)\s*\n?\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+\S*\/hv-obj\/(\d+)_\S+\.o/g;
  for (const m of mapText.matchAll(pattern)) owners.set(m[1], Number(m[2]));
  return owners;
}

/** Compiles the system's C sources with `-fstack-usage` into `objDir`; returns the `.su` files' frames. */
async function stackFrames(built: BuiltSystem, objDir: string): Promise<Map<string, Map<number, number>>> {
  const sources = hypervisorSources(built);
  const spec: BuildSpec = {
    name: `${built.system}-stack`,
    sources: [],
    includeDirs: [...bspPart('realview-eb').includeDirs, built.cDir, ...portCDirs(getBoard('realview-eb'))],
    defines: {},
    extraCFlags: [...hypervisorCFlags, '-fstack-usage'],
    linkerScript: '',
    linkerSearchDirs: [],
  };
  await Promise.all([
    ...sources.map((source, index) =>
      source.endsWith('.c')
        ? compileSource(source, join(objDir, `${index}_${basename(source)}.o`), spec)
        : undefined,
    ),
    compileSource(join(built.cDir, 'image-glue.c'), join(objDir, 'glue_image-glue.c.o'), spec),
  ]);
  const frames = new Map<string, Map<number, number>>();
  for (const file of readdirSync(objDir).filter((f) => f.endsWith('.su'))) {
    const index = Number(/^(\d+)_/.exec(file)?.[1]);
    for (const entry of parseStackUsage(readFileSync(join(objDir, file), 'utf8'))) {
      if (!entry.qualifier.startsWith('static')) {
        throw new Error(
          `stack: ${entry.name} in ${file} has a ${entry.qualifier} frame; its depth is not static`,
        );
      }
      const byObject = frames.get(entry.name) ?? new Map<number, number>();
      byObject.set(index, entry.bytes);
      frames.set(entry.name, byObject);
    }
  }
  return frames;
}

/** Computes the worst-case depth of every entry point of a built system (see the file header). */
export async function analyseStack(built: BuiltSystem): Promise<StackResult> {
  const objDir = join(BENCH_OUT_ROOT, 'stack-obj', built.system);
  const frames = await stackFrames(built, objDir);
  const owners = functionObjects(readFileSync(built.map, 'utf8'));
  const disassembly = await runTool('arm-none-eabi-objdump', ['-d', '--no-show-raw-insn', built.elf]);
  if (disassembly.code !== 0) throw new Error(`stack: objdump -d ${built.elf}: ${disassembly.stderr}`);
  const functions = parseDisassembly(disassembly.stdout);
  const estimated = new Set<string>();
  const indirect = new Set<string>();
  const cSources = hypervisorSources(built).filter((source) => source.endsWith('.c'));
  const texts = cSources.map((source) => readFileSync(fromRepo(source), 'utf8'));
  const resolvedIndirect: Record<string, string[]> = {};
  for (const { dispatcher, register, argument } of REGISTERED_HANDLERS) {
    const fn = functions.get(dispatcher);
    if (fn === undefined) continue;
    const targets = registeredFunctions(texts, register, argument).filter((name) => functions.has(name));
    if (fn.indirect.length !== 1 || targets.length === 0) {
      throw new Error(
        `stack: ${dispatcher}: expected one indirect call and handlers registered through ${register}`,
      );
    }
    fn.indirect = [];
    for (const target of targets) fn.calls.add(target);
    resolvedIndirect[dispatcher] = targets;
  }

  const frameOf = (name: string): number => {
    const byObject = frames.get(name) ?? frames.get(name.replace(/\.\d+$/, ''));
    if (byObject !== undefined) {
      const owner = owners.get(name);
      const exact = owner === undefined ? undefined : byObject.get(owner);
      return exact ?? Math.max(...byObject.values());
    }
    estimated.add(name);
    return functions.get(name)?.prologueFrame ?? 0;
  };
  const memo = new Map<string, { depth: number; path: string[] }>();
  const visiting = new Set<string>();
  const depthOf = (name: string): { depth: number; path: string[] } => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`stack: recursion through ${name}`);
    visiting.add(name);
    const fn = functions.get(name);
    if (fn === undefined) throw new Error(`stack: ${name} is called but not in the disassembly`);
    for (const insn of fn.indirect) indirect.add(`${name}: ${insn}`);
    const own = frameOf(name);
    let best = { depth: own, path: [name] };
    for (const callee of fn.calls) {
      const sub = depthOf(callee);
      if (own + sub.depth > best.depth) best = { depth: own + sub.depth, path: [name, ...sub.path] };
    }
    for (const callee of fn.tailCalls) {
      if (!functions.has(callee)) continue;
      const sub = depthOf(callee);
      if (sub.depth > best.depth)
        best = { depth: sub.depth, path: [name, `(tail) ${sub.path[0]}`, ...sub.path.slice(1)] };
    }
    visiting.delete(name);
    memo.set(name, best);
    return best;
  };
  const depth = {} as StackResult['depth'];
  const worstPath: Record<string, string[]> = {};
  for (const entry of ENTRY_POINTS) {
    const result = depthOf(entry);
    depth[entry] = result.depth;
    worstPath[entry] = result.path;
  }
  const exceptions: ExceptionStack[] = ENTRY_POINTS.map((hook) => {
    const { cEntry, mode } = EXCEPTION_OF_HOOK[hook];
    // The build sized each mode's stack from this same call graph (cli/build/stacks.ts).
    const reserved = built.stacks.modes[mode as StackMode].reserved;
    return { hook, cEntry, mode, depthFromException: depthOf(cEntry).depth, reserved };
  });
  return {
    exceptions,
    depth,
    worstPath,
    estimated: [...estimated].sort(),
    indirectCalls: [...indirect].sort(),
    resolvedIndirect,
  };
}

export async function measureStack(): Promise<StackResult> {
  return analyseStack(await buildOneVm());
}
