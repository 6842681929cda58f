// Worst-case stack depth of an image, from GCC's `-fstack-usage` frames and the call graph of the linked
// image (`arm-none-eabi-objdump -d`): `bl`/`blx <label>` are calls (caller frame + callee depth), a
// `b<cond> <label>` to another function is a tail call (the caller's frame is already released: callee
// depth alone). Functions without a `.su` entry (assembly, libgcc) get their frame from their prologue
// (`push`, `stmdb sp!`, `vpush`, `sub sp, sp, #n`). Indirect calls the BSP makes through handlers
// registered at start-up are resolved from the C sources (`REGISTERED_HANDLERS`); any other indirect
// call is reported, never silently ignored. The subset forbids recursion; a cycle is an error.
// Used by the system build (cli/build/system.ts: per-mode stacks sized from these depths) and by the
// stack benchmark (bench/stack.ts).

export interface FunctionInfo {
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

/** Parses `objdump -d --no-show-raw-insn` output into functions with their direct calls, tail calls
 *  and indirect calls. */
export function parseDisassembly(text: string): Map<string, FunctionInfo> {
  const functions = new Map<string, FunctionInfo>();
  let current: FunctionInfo | undefined;
  for (const line of text.split('\n')) {
    const label = FUNCTION_LABEL.exec(line);
    if (label !== null) {
      current = { name: label[2], calls: new Set(), tailCalls: new Set(), indirect: [], prologueFrame: 0 };
      functions.set(current.name, current);
      continue;
    }
    if (current === undefined) continue;
    const insn = INSTRUCTION.exec(line);
    if (insn === null) continue;
    const mnemonic = insn[1];
    const operands = (insn[2] ?? '').split('@')[0].trim();
    const target = TARGET.exec(operands);
    if (DIRECT_CALL.test(mnemonic)) {
      if (target !== null) current.calls.add(target[1]);
      else if (/^r\d+|^ip|^lr/.test(operands)) current.indirect.push(`${mnemonic} ${operands}`);
      continue;
    }
    if (BRANCH.test(mnemonic)) {
      if (target !== null && target[1] !== current.name) current.tailCalls.add(target[1]);
      continue;
    }
    if (/^bx/.test(mnemonic) && operands !== 'lr') current.indirect.push(`${mnemonic} ${operands}`);
    // A load into pc indexed from pc is a switch's jump table (inside the function), not a call.
    if (
      mnemonic.startsWith('ldr') &&
      /^pc,/.test(operands) &&
      !/^pc, \[pc, (?:r\d+|ip|lr)\b/.test(operands)
    ) {
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
        const ch = text[i];
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

/** Replaces the one indirect call of each registered-handler dispatcher by calls to the functions the
 *  C sources register with it; returns dispatcher → handlers. Throws when a dispatcher does not look
 *  as expected (one indirect call, at least one registered handler). */
export function resolveRegisteredHandlers(
  functions: Map<string, FunctionInfo>,
  sourceTexts: readonly string[],
): Record<string, string[]> {
  const resolved: Record<string, string[]> = {};
  for (const { dispatcher, register, argument } of REGISTERED_HANDLERS) {
    const fn = functions.get(dispatcher);
    if (fn === undefined) continue;
    const targets = registeredFunctions(sourceTexts, register, argument).filter((name) =>
      functions.has(name),
    );
    if (fn.indirect.length !== 1 || targets.length === 0) {
      throw new Error(
        `stack: ${dispatcher}: expected one indirect call and handlers registered through ${register}`,
      );
    }
    fn.indirect = [];
    for (const target of targets) fn.calls.add(target);
    resolved[dispatcher] = targets;
  }
  return resolved;
}

/** A call-graph walk: the deepest path below each function, with what could not be followed. */
export class StackDepths {
  private readonly memo = new Map<string, { depth: number; path: string[] }>();
  private readonly visiting = new Set<string>();
  /** Functions reached whose frame came from the prologue. */
  readonly estimated = new Set<string>();
  /** Indirect calls reached that were not resolved: `function: instruction`. */
  readonly indirect = new Set<string>();

  constructor(
    private readonly functions: Map<string, FunctionInfo>,
    /** The `.su` frame of a function, or undefined when GCC reported none. */
    private readonly suFrame: (name: string) => number | undefined,
  ) {}

  private frameOf(name: string): number {
    const frame = this.suFrame(name) ?? this.suFrame(name.replace(/\.\d+$/, ''));
    if (frame !== undefined) return frame;
    this.estimated.add(name);
    return this.functions.get(name)?.prologueFrame ?? 0;
  }

  /** Deepest stack use of `name` and everything it calls, with the path that reaches it. */
  of(name: string): { depth: number; path: string[] } {
    const known = this.memo.get(name);
    if (known !== undefined) return known;
    if (this.visiting.has(name)) throw new Error(`stack: recursion through ${name}`);
    this.visiting.add(name);
    const fn = this.functions.get(name);
    if (fn === undefined) throw new Error(`stack: ${name} is called but not in the disassembly`);
    for (const insn of fn.indirect) this.indirect.add(`${name}: ${insn}`);
    const own = this.frameOf(name);
    let best = { depth: own, path: [name] };
    for (const callee of fn.calls) {
      const sub = this.of(callee);
      if (own + sub.depth > best.depth) best = { depth: own + sub.depth, path: [name, ...sub.path] };
    }
    for (const callee of fn.tailCalls) {
      if (!this.functions.has(callee)) continue;
      const sub = this.of(callee);
      if (sub.depth > best.depth)
        best = { depth: sub.depth, path: [name, `(tail) ${sub.path[0]}`, ...sub.path.slice(1)] };
    }
    this.visiting.delete(name);
    this.memo.set(name, best);
    return best;
  }
}
