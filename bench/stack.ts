// Worst-case stack depth benchmark. The hypervisor's C sources are compiled again with the image's own
// flags plus `-fstack-usage` (GCC writes each function's frame size to a `.su` file; the flag does not
// change the generated code), and the call graph is read from `arm-none-eabi-objdump -d` of the linked
// image: `bl`/`blx <label>` are calls (caller frame + callee depth), a `b<cond> <label>` to the start of
// another function is a tail call (the caller's frame is already released: callee depth alone). Functions
// without a `.su` entry (assembly, libgcc) get their frame from their own prologue (`push`, `stmdb sp!`,
// `vpush`, `sub sp, sp, #n`) and are listed as estimated. Indirect calls (`blx rN`, `bx rN` other than
// `bx lr`, loads into pc) cannot be followed and are reported as limitations. The subset forbids
// recursion; a cycle in the graph is reported as an error rather than followed.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { bspPart } from '../cli/build/bsp-sources.ts';
import { compileSource } from '../cli/build/compile.ts';
import { fromRepo } from '../cli/build/paths.ts';
import { runTool } from '../cli/build/run-tool.ts';
import type { BuildSpec } from '../cli/build/spec.ts';
import type { BuiltSystem } from '../cli/build/system.ts';
import { hypervisorCFlags } from '../cli/build/toolchain.ts';
import { BENCH_OUT_ROOT, buildOneVm, hypervisorSources } from './systems.ts';

/** The BSP exception hooks the hypervisor implements: its entry points. */
export const ENTRY_POINTS = [
  'bsp_handle_svc',
  'bsp_handle_irq',
  'bsp_handle_data_abort',
  'bsp_handle_prefetch_abort',
  'bsp_handle_undefined',
] as const;

/** Each hook's exception: the C entry the assembly stub calls (bsp/armv7r/exceptions.c) and the mode
 *  whose stack it runs on (stack sizes from the board's linker script, `BH_STACK_SIZE_<MODE>`). */
export const EXCEPTION_OF_HOOK: Record<(typeof ENTRY_POINTS)[number], { cEntry: string; mode: string }> = {
  bsp_handle_svc: { cEntry: 'bh_svc_entry', mode: 'SVC' },
  bsp_handle_irq: { cEntry: 'bh_irq_entry', mode: 'IRQ' },
  bsp_handle_data_abort: { cEntry: 'bh_data_abort_entry', mode: 'ABT' },
  bsp_handle_prefetch_abort: { cEntry: 'bh_prefetch_abort_entry', mode: 'ABT' },
  bsp_handle_undefined: { cEntry: 'bh_undefined_entry', mode: 'UND' },
};

/** Per hook: depth from the exception's C entry (the assembly stub releases its one word before calling
 *  it) and the mode stack the linker script reserves. */
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

interface FunctionInfo {
  name: string;
  calls: Set<string>;
  tailCalls: Set<string>;
  indirect: string[];
  prologueFrame: number;
}

const CONDITIONS = '(?:eq|ne|cs|cc|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|hs|lo|al)?';
const FUNCTION_LABEL = /^([0-9a-f]+) <([^>]+)>:$/;
const INSTRUCTION = /^\s*[0-9a-f]+:\s+(\S+)\s*(.*)$/;
const DIRECT_CALL = new RegExp(`^bl(?:x)?${CONDITIONS}(?:\\.[nw])?$`);
const BRANCH = new RegExp(`^b${CONDITIONS}(?:\\.[nw])?$`);
const TARGET = /^[0-9a-f]+ <([^>+]+)>$/;

/** Parses `objdump -d` output into functions with their direct calls, tail calls and indirect calls. */
export function parseDisassembly(text: string): Map<string, FunctionInfo> {
  const functions = new Map<string, FunctionInfo>();
  let current: FunctionInfo | undefined;
  for (const line of text.split('\n')) {
    const label = FUNCTION_LABEL.exec(line);
    if (label !== null) {
      current = { name: label[2]!, calls: new Set(), tailCalls: new Set(), indirect: [], prologueFrame: 0 };
      functions.set(current.name, current);
      continue;
    }
    if (current === undefined) continue;
    const insn = INSTRUCTION.exec(line);
    if (insn === null) continue;
    const mnemonic = insn[1]!;
    const operands = (insn[2] ?? '').split('@')[0]!.trim();
    const target = TARGET.exec(operands);
    if (DIRECT_CALL.test(mnemonic)) {
      if (target !== null) current.calls.add(target[1]!);
      else if (/^r\d+|^ip|^lr/.test(operands)) current.indirect.push(`${mnemonic} ${operands}`);
      continue;
    }
    if (BRANCH.test(mnemonic)) {
      if (target !== null && target[1] !== current.name) current.tailCalls.add(target[1]!);
      continue;
    }
    if (/^bx/.test(mnemonic) && operands !== 'lr') current.indirect.push(`${mnemonic} ${operands}`);
    // A load into pc indexed from pc is a switch's jump table (inside the function), not a call.
    if (mnemonic.startsWith('ldr') && /^pc,/.test(operands) && !/^pc, \[pc, r\d+/.test(operands)) {
      current.indirect.push(`${mnemonic} ${operands}`);
    }
    const push = /^(?:push|stmdb)(?:\.w)?$/.exec(mnemonic);
    if (push !== null && (mnemonic.startsWith('push') || operands.startsWith('sp!'))) {
      current.prologueFrame += 4 * registerCount(operands);
    } else if (/^vpush/.test(mnemonic)) {
      current.prologueFrame += 8 * registerCount(operands);
    } else if (/^sub(?:\.w)?$/.test(mnemonic)) {
      const m = /^sp, sp, #(\d+)/.exec(operands);
      if (m !== null) current.prologueFrame += Number(m[1]);
    }
  }
  return functions;
}

function registerCount(operands: string): number {
  const list = /\{([^}]*)\}/.exec(operands)?.[1] ?? '';
  let count = 0;
  for (const part of list.split(',')) {
    const range = /([rd])(\d+)-[rd](\d+)/.exec(part.trim());
    if (range !== null) count += Number(range[3]) - Number(range[2]) + 1;
    else if (part.trim() !== '') count += 1;
  }
  return count;
}

/** Parses `.su` text: `file:line:col:function<TAB>bytes<TAB>qualifier` per line. */
export function parseStackUsage(text: string): { name: string; bytes: number; qualifier: string }[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [where, bytes, qualifier] = line.split('\t');
      const name = (where ?? '').slice((where ?? '').lastIndexOf(':') + 1);
      if (bytes === undefined || !/^\d+$/.test(bytes)) throw new Error(`stack: malformed .su line '${line}'`);
      return { name, bytes: Number(bytes), qualifier: qualifier ?? '' };
    });
}

/** Object index (`hv-obj/<i>_*.o`) each linked function's `.text.<name>` input section came from. */
function functionObjects(mapText: string): Map<string, number> {
  const owners = new Map<string, number>();
  const pattern = /\.text\.(\S+)\s*\n?\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+\S*\/hv-obj\/(\d+)_\S+\.o/g;
  for (const m of mapText.matchAll(pattern)) owners.set(m[1]!, Number(m[2]));
  return owners;
}

/** Compiles the system's C sources with `-fstack-usage` into `objDir`; returns the `.su` files' frames. */
async function stackFrames(built: BuiltSystem, objDir: string): Promise<Map<string, Map<number, number>>> {
  const sources = hypervisorSources(built);
  const spec: BuildSpec = {
    name: `${built.system}-stack`,
    sources: [],
    includeDirs: [...bspPart('realview-eb').includeDirs, built.cDir, 'firmware/port-c'],
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

/**
 * The indirect calls the BSP makes on purpose, through handlers registered at start-up: the dispatcher
 * may call any function the C sources pass to the registration function (argument `argument`, 0-based).
 */
export const REGISTERED_HANDLERS = [
  { dispatcher: 'bsp_irq_dispatch', register: 'bsp_irq_register', argument: 1 },
  { dispatcher: 'tick_isr', register: 'bsp_tick_start', argument: 1 },
] as const;

/** Names passed as argument `argument` of every call of `register` in the given C texts. */
export function registeredFunctions(
  sourceTexts: readonly string[],
  register: string,
  argument: number,
): string[] {
  const names = new Set<string>();
  for (const text of sourceTexts) {
    for (const m of text.matchAll(new RegExp(`\\b${register}\\s*\\(`, 'g'))) {
      const args: string[] = [];
      let depthLevel = 0;
      let currentArg = '';
      for (let i = (m.index ?? 0) + m[0].length; i < text.length; i++) {
        const ch = text[i]!;
        if (ch === '(') depthLevel++;
        if (ch === ')' && depthLevel-- === 0) break;
        if (ch === ',' && depthLevel === 0) {
          args.push(currentArg.trim());
          currentArg = '';
        } else currentArg += ch;
      }
      args.push(currentArg.trim());
      const name = args[argument];
      if (name !== undefined && /^[A-Za-z_]\w*$/.test(name)) names.add(name);
    }
  }
  return [...names].sort();
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
  const linkerScript = readFileSync(fromRepo(bspPart('realview-eb').linkerScript), 'utf8');
  const exceptions: ExceptionStack[] = ENTRY_POINTS.map((hook) => {
    const { cEntry, mode } = EXCEPTION_OF_HOOK[hook];
    const reserved = new RegExp(`BH_STACK_SIZE_${mode}\\s*=\\s*(0x[0-9a-fA-F]+|\\d+)`).exec(linkerScript);
    if (reserved === null) throw new Error(`stack: the linker script reserves no BH_STACK_SIZE_${mode}`);
    return { hook, cEntry, mode, depthFromException: depthOf(cEntry).depth, reserved: Number(reserved[1]) };
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
