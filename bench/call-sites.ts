// Hypercall round trips counted from QEMU's execution log: a trip starts at a guest's hypercall
// instruction (included: `svc` on realview-eb, guests in USR mode; `hvc` on mps3-an536, guests at EL1)
// and ends at the guest's next instruction (its address + 4, excluded), so it holds
// exception entry, dispatch, the call itself, context restore and return, plus a tick that was taken
// on the way back (the outliers at the top). Each call site has a key (e.g. `queuing_send/64`); a site
// is found as the single `svc` or `hvc` inside a named guest function. Optional marked addresses (e.g. the UART
// driver's data-register store) are recorded with their position inside each trip.
import type { LatencyResult } from './results.ts';
import {
  COST_CATEGORIES,
  costBreakdown,
  topFunctions,
  type CostClassifier,
  type ElfSymbols,
} from './elf-symbols.ts';

export interface CallSite {
  key: string;
  /** Address of the `svc` or `hvc` instruction. */
  address: number;
}

export interface Trip {
  instructions: number;
  /** Instructions per cost category (COST_CATEGORIES order); empty without a classifier. */
  costs: number[];
  /** Instructions per function id of the classifier; empty without one. */
  byFunction: Map<number, number>;
  /** 1-based positions (instruction counts from the `svc`) at which a marked address executed. */
  marks: number[];
}

/** ARM `svc` and `hvc` are 4 bytes: the guest resumes at the next word. */
const SVC_LENGTH = 4;

/** A hypercall instruction as objdump prints it: `svc 0x00000004` (ARM DDI 0406C A8.8.228, 0xEF000000 |
 *  imm24) or `hvc 4` / `hvc #4` (ARM DDI 0487 F5.1.61, 0xE1400070 | imm12 << 8 | imm4); group 2: the
 *  immediate, the hypercall number. */
export const HYPERCALL_INSTRUCTION = /^(svc|hvc)\s+#?(0x[0-9a-f]+|\d+)\s*$/;

/** The hypercall number of a disassembled `svc`/`hvc`, or undefined for any other instruction. */
export function hypercallNumberOf(text: string): number | undefined {
  const m = HYPERCALL_INSTRUCTION.exec(text);
  return m === null ? undefined : Number(m[2]);
}

/** The address of the single hypercall instruction (`svc` or `hvc`) in guest function `name`. */
export async function hypercallSiteIn(symbols: ElfSymbols, name: string): Promise<number> {
  const sites = (await symbols.disassemble(name)).filter(
    (insn) => hypercallNumberOf(insn.text) !== undefined,
  );
  if (sites.length !== 1) {
    throw new Error(`${symbols.elf}: expected one svc or hvc in ${name}, found ${sites.length}`);
  }
  return sites[0].address;
}

export class CallSiteCounter {
  readonly trips = new Map<string, Trip[]>();
  private readonly keyOf = new Map<number, string>();
  private readonly endOf = new Map<number, number>();
  private current: { key: string; end: number; trip: Trip } | undefined;

  constructor(
    sites: readonly CallSite[],
    private readonly marked: ReadonlySet<number> = new Set(),
    private readonly classifier?: CostClassifier,
  ) {
    for (const site of sites) {
      if (this.keyOf.has(site.address))
        throw new Error(`call site 0x${site.address.toString(16)} given twice`);
      this.keyOf.set(site.address, site.key);
      this.endOf.set(site.address, site.address + SVC_LENGTH);
      this.trips.set(site.key, []);
    }
  }

  step(pc: number): void {
    const current = this.current;
    if (current !== undefined && pc === current.end) {
      this.trips.get(current.key)!.push(current.trip);
      this.current = undefined;
    }
    const key = this.keyOf.get(pc);
    if (key !== undefined) {
      const costs = this.classifier === undefined ? [] : new Array<number>(COST_CATEGORIES.length).fill(0);
      this.current = {
        key,
        end: this.endOf.get(pc)!,
        trip: { instructions: 0, costs, byFunction: new Map(), marks: [] },
      };
    }
    const open = this.current;
    if (open !== undefined) {
      open.trip.instructions++;
      if (this.classifier !== undefined) {
        open.trip.costs[this.classifier.classify(pc)]++;
        const id = this.classifier.functionId(pc);
        open.trip.byFunction.set(id, (open.trip.byFunction.get(id) ?? 0) + 1);
      }
      if (this.marked.has(pc)) open.trip.marks.push(open.trip.instructions);
    }
  }

  /** True when every key has at least `samples` trips. */
  has(samples: number): boolean {
    for (const trips of this.trips.values()) if (trips.length < samples) return false;
    return true;
  }
}

/** min / median (lower middle) / max of the samples. */
export function summarizeSamples(samples: readonly number[]): LatencyResult {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    min: sorted[0],
    median: sorted[Math.floor((sorted.length - 1) / 2)],
    max: sorted[sorted.length - 1],
    samples: sorted.length,
  };
}

/** Cost breakdown of the first sample whose count is `median` (a sample of median length). */
export function medianBreakdown(
  samples: readonly { instructions: number; costs: readonly number[] }[],
  median: number,
): Record<string, number> {
  const sample = samples.find((s) => s.instructions === median);
  return sample === undefined ? {} : costBreakdown(sample.costs);
}

/** Functions of a sample of median length with the most instructions (at most 6), largest first. */
export function medianFunctions(
  samples: readonly { instructions: number; byFunction: ReadonlyMap<number, number> }[],
  median: number,
  classifier: CostClassifier,
): { function: string; instructions: number }[] {
  const sample = samples.find((s) => s.instructions === median);
  return sample === undefined ? [] : topFunctions(sample.byFunction, classifier.functionNames, 6);
}
