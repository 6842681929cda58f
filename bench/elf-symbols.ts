// Addresses the latency benchmarks need from linked images: function symbols with their sizes
// (`arm-none-eabi-nm -S`), the instructions of one function (`arm-none-eabi-objdump -d`), the exception
// vector addresses of the hypervisor, and the image's executable range for `-dfilter`.
import { runTool } from '../cli/build/run-tool.ts';
import type { AddressRange } from './exec-log.ts';

export interface ElfFunction {
  name: string;
  address: number;
  size: number;
}

/** One disassembled instruction: address and text (`str r3, [r2]`). */
export interface Instruction {
  address: number;
  text: string;
}

/** Exception vector offsets from the table's base: ARMv7-R (SCTLR.V = 0: table at 0x00000000, ARM DDI
 *  0406C B1.8.1) and the Armv8-R Hyp table at HVBAR (ARM DDI 0568: 0x18 IRQ there too). */
export const VECTOR_SVC = 0x08;
export const VECTOR_IRQ = 0x18;
/** Eight words: the end of the table, from its base. */
export const VECTOR_TABLE_SIZE = 0x20;
/** The hypervisor's vector table (bsp/armv7r/vectors.S, bsp/armv8r/vectors.S). */
export const VECTOR_TABLE_SYMBOL = 'bh_vector_table';

export class ElfSymbols {
  private constructor(
    readonly elf: string,
    readonly functions: ReadonlyMap<string, ElfFunction>,
    /** Every symbol with an address (functions, objects, section bounds). */
    readonly addresses: ReadonlyMap<string, number>,
  ) {}

  static async load(elf: string): Promise<ElfSymbols> {
    const listed = await runTool('arm-none-eabi-nm', ['-S', '--defined-only', elf]);
    if (listed.code !== 0) throw new Error(`nm ${elf}: ${listed.stderr}`);
    const functions = new Map<string, ElfFunction>();
    const addresses = new Map<string, number>();
    for (const line of listed.stdout.split('\n')) {
      const sized = /^([0-9a-f]+) ([0-9a-f]+) ([A-Za-z]) (\S+)$/.exec(line);
      const bare = /^([0-9a-f]+) ([A-Za-z]) (\S+)$/.exec(line);
      if (sized !== null) {
        const [, address, size, type, name] = sized;
        addresses.set(name, parseInt(address, 16));
        if (type === 'T' || type === 't') {
          functions.set(name, { name: name, address: parseInt(address, 16), size: parseInt(size, 16) });
        }
      } else if (bare !== null) {
        addresses.set(bare[3], parseInt(bare[1], 16));
      }
    }
    return new ElfSymbols(elf, functions, addresses);
  }

  fn(name: string): ElfFunction {
    const found = this.functions.get(name);
    if (found === undefined) throw new Error(`${this.elf}: no function '${name}'`);
    return found;
  }

  address(name: string): number {
    const found = this.addresses.get(name);
    if (found === undefined) throw new Error(`${this.elf}: no symbol '${name}'`);
    return found;
  }

  /** The function containing `address`, if any. */
  functionAt(address: number): ElfFunction | undefined {
    for (const f of this.functions.values()) {
      if (address >= f.address && address < f.address + Math.max(f.size, 1)) return f;
    }
    return undefined;
  }

  /** The hypervisor's vector table: [base, base + VECTOR_TABLE_SIZE) (0 on realview-eb, HVBAR's value on
   *  an Armv8-R board). */
  vectorTable(): AddressRange {
    const start = this.address(VECTOR_TABLE_SYMBOL);
    return { start, end: start + VECTOR_TABLE_SIZE };
  }

  /** [lowest function start, highest function end): every instruction of the image. */
  codeRange(): AddressRange {
    const all = [...this.functions.values()];
    if (all.length === 0) throw new Error(`${this.elf}: no functions`);
    return {
      start: Math.min(...all.map((f) => f.address)),
      end: Math.max(...all.map((f) => f.address + f.size)),
    };
  }

  /** The instructions of function `name`. */
  async disassemble(name: string): Promise<Instruction[]> {
    const f = this.fn(name);
    const dump = await runTool('arm-none-eabi-objdump', [
      '-d',
      '--no-show-raw-insn',
      `--start-address=0x${f.address.toString(16)}`,
      `--stop-address=0x${(f.address + f.size).toString(16)}`,
      this.elf,
    ]);
    if (dump.code !== 0) throw new Error(`objdump ${this.elf} (${name}): ${dump.stderr}`);
    return parseObjdumpInstructions(dump.stdout);
  }
}

/** Instructions of `objdump -d --no-show-raw-insn` output (`  100:\tstr\tr3, [r2]`). */
export function parseObjdumpInstructions(dump: string): Instruction[] {
  const instructions: Instruction[] = [];
  for (const line of dump.split('\n')) {
    const m = /^\s*([0-9a-f]+):\s+(\S.*)$/.exec(line);
    if (m === null) continue;
    instructions.push({ address: parseInt(m[1], 16), text: m[2].replace(/\s+/g, ' ').trim() });
  }
  return instructions;
}

/** Where a measured instruction belongs, for the "where the instructions go" tables of the report. */
export const COST_CATEGORIES = [
  'exception entry and return',
  'UART output (SLCAN, trace stream)',
  'trace event recording',
  'MPU reload',
  'guest memory copy',
  'other hypervisor and guest code',
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** First match wins: UART output before trace recording (`trace_stream_*` writes the UART). */
const CATEGORY_PATTERNS: readonly [RegExp, number][] = [
  [/^(bh_vector_table|bh_exception_|bh_context_restore|bsp_handle_|hv_resume_current)/, 0],
  [
    /^(bh_port_uart_put|bsp_uart_(try_)?putc|bsp_uart_write|uart_tx_(queue|pump)|trace_stream|trace_put_hex)/,
    1,
  ],
  [/^trace_/, 2],
  [/mpu/i, 3],
  [/copy_(to|from)_guest/, 4],
];

/** Maps instruction addresses of one image to a cost category (cached per address). */
export class CostClassifier {
  private readonly cache = new Map<number, number>();
  private readonly sorted: ElfFunction[];

  constructor(symbols: ElfSymbols) {
    this.sorted = [...symbols.functions.values()].sort((a, b) => a.address - b.address);
  }

  private readonly functionIds = new Map<number, number>();
  /** Function names by id (`functionId`); id 0 is code outside every function of the image. */
  readonly functionNames: string[] = ['(guest or unnamed code)'];

  /** A small integer naming the function that contains `pc` (cached per address). */
  functionId(pc: number): number {
    let id = this.functionIds.get(pc);
    if (id === undefined) {
      const name = this.functionAt(pc)?.name;
      id = name === undefined ? 0 : this.functionNames.indexOf(name);
      if (id < 0) {
        id = this.functionNames.length;
        this.functionNames.push(name!);
      }
      this.functionIds.set(pc, id);
    }
    return id;
  }

  /** Index into COST_CATEGORIES. */
  classify(pc: number): number {
    let category = this.cache.get(pc);
    if (category === undefined) {
      category = COST_CATEGORIES.length - 1;
      const fn = this.functionAt(pc);
      if (fn !== undefined) {
        for (const [pattern, index] of CATEGORY_PATTERNS) {
          if (pattern.test(fn.name)) {
            category = index;
            break;
          }
        }
      }
      this.cache.set(pc, category);
    }
    return category;
  }

  private functionAt(pc: number): ElfFunction | undefined {
    let low = 0;
    let high = this.sorted.length - 1;
    let found: ElfFunction | undefined;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const fn = this.sorted[mid];
      if (fn.address <= pc) {
        found = fn;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found !== undefined && pc < found.address + Math.max(found.size, 1) ? found : undefined;
  }
}

/** Instruction counts per cost category, as a JSON object (categories with 0 left out). */
export function costBreakdown(counts: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  COST_CATEGORIES.forEach((name, i) => {
    if ((counts[i] ?? 0) > 0) out[name] = counts[i]!;
  });
  return out;
}

/** The `top` functions with the most instructions in a per-function count, largest first. */
export function topFunctions(
  counts: ReadonlyMap<number, number>,
  names: readonly string[],
  top: number,
): { function: string; instructions: number }[] {
  return [...counts.entries()]
    .map(([id, instructions]) => ({ function: names[id] ?? `#${id}`, instructions }))
    .sort((a, b) => b.instructions - a.instructions || a.function.localeCompare(b.function))
    .slice(0, top);
}
