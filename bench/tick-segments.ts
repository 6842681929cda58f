// Tick interrupts as the hypervisor handles them, counted from QEMU's execution log: each segment runs
// from the IRQ vector (table base + 0x18, included: 0x18 on realview-eb, HVBAR + 0x18 on an Armv8-R
// board) to the exception-return instruction (RFE or a flag-setting move to pc; ERET) that leaves the hypervisor
// (included), i.e. up to the first instruction of whatever runs next (excluded). A segment that wrote
// an MPU region register switched the MPU to another VM: that is a VM switch; it came from a guest when
// the instruction logged before the vector was an exception return (guests are not logged, the idle
// thread is). Used by the vm_switch
// benchmark and the tick-cost scaling series; the guests (bench/guests/spin) stay out of the log.
import { join } from 'node:path';

import { runTool } from '../cli/build/run-tool.ts';
import {
  COST_CATEGORIES,
  CostClassifier,
  ElfSymbols,
  parseObjdumpInstructions,
  VECTOR_IRQ,
  type Instruction,
} from './elf-symbols.ts';
import type { AddressRange } from './exec-log.ts';
import { runWithExecLog } from './exec-log.ts';
import { boardOf, buildBench, type BenchSystem } from './systems.ts';

export interface TickSegment {
  instructions: number;
  /** DRBAR writes executed: MPU regions loaded with a VM's values. */
  regionLoads: number;
  /** Any MPU register write (region number, base, size, access). */
  mpuWrites: number;
  /** Instructions per cost category (COST_CATEGORIES order). */
  costs: number[];
  /** Instructions per function id of the points' classifier. */
  byFunction: Map<number, number>;
  /** The interrupt came while unlogged code ran (a guest): the instruction logged before the vector was
   *  an exception return. False when it interrupted the (logged) idle thread. */
  fromGuest: boolean;
  /** It returned to a guest: the next logged instruction is an exception vector again (set one step
   *  after the segment ends). False when it returned to the idle thread. */
  toGuest: boolean;
}

/** Addresses of the hypervisor's exception-return and MPU-register-write instructions. */
export interface HypervisorPoints {
  symbols: ElfSymbols;
  classifier: CostClassifier;
  returns: Set<number>;
  mpuWrites: Set<number>;
  /** Region base writes (DRBAR; HPRBAR on PMSAv8): a region loaded with a VM's values. */
  drbarWrites: Set<number>;
  /** The hypervisor's exception vector table and its IRQ vector. */
  vectors: AddressRange;
  irqVector: number;
}

/** MPU region register writes: PMSAv7, CP15 c6 (ARM DDI 0406C B4.1.50-52 DRBAR/DRSR/DRACR, B4.1.121
 *  RGNR); PMSAv8-32 at EL2 (ARM DDI 0568: HPRSELR p15,4,c6,c2,1, HPRBAR p15,4,c6,c3,0, HPRLAR
 *  p15,4,c6,c3,1). */
const MPU_REGISTER_WRITE =
  /^mcr\s*15, (0, \w+, cr6, cr[12], \{[024]\}|4, \w+, cr6, cr(2, \{1\}|3, \{[01]\}))/;
const DRBAR_WRITE = /^mcr\s*15, (0, \w+, cr6, cr1, \{0\}|4, \w+, cr6, cr3, \{0\})/;
/** Exception return forms: RFE, or a flag-setting move/subtract/load into pc (ARM DDI 0406C B1.8.10);
 *  ERET from Hyp mode (ARM DDI 0568). */
const EXCEPTION_RETURN = /^(rfe\w*\s|movs\s+pc,|subs\s+pc,|ldm\w*\s.*\bpc\}\^|eret\b)/;

/** What hypervisorPoints looks for in each instruction. */
export function classifyInstruction(insn: Instruction): { ret: boolean; mpu: boolean; drbar: boolean } {
  return {
    ret: EXCEPTION_RETURN.test(insn.text),
    mpu: MPU_REGISTER_WRITE.test(insn.text),
    drbar: DRBAR_WRITE.test(insn.text),
  };
}

export async function hypervisorPoints(elf: string): Promise<HypervisorPoints> {
  const symbols = await ElfSymbols.load(elf);
  const dump = await runTool('arm-none-eabi-objdump', ['-d', '--no-show-raw-insn', elf]);
  if (dump.code !== 0) throw new Error(`objdump ${elf}: ${dump.stderr}`);
  const returns = new Set<number>();
  const mpuWrites = new Set<number>();
  const drbarWrites = new Set<number>();
  for (const insn of parseObjdumpInstructions(dump.stdout)) {
    const kind = classifyInstruction(insn);
    if (kind.ret) returns.add(insn.address);
    if (kind.mpu) mpuWrites.add(insn.address);
    if (kind.drbar) drbarWrites.add(insn.address);
  }
  if (returns.size === 0) throw new Error(`${elf}: no exception-return instruction found`);
  if (drbarWrites.size === 0) throw new Error(`${elf}: no MPU region (DRBAR or HPRBAR) write found`);
  const vectors = symbols.vectorTable();
  return {
    symbols,
    classifier: new CostClassifier(symbols),
    returns,
    mpuWrites,
    drbarWrites,
    vectors,
    irqVector: vectors.start + VECTOR_IRQ,
  };
}

/** Cuts IRQ segments out of a stream of executed addresses. */
export class TickSegmenter {
  readonly segments: TickSegment[] = [];
  private current: TickSegment | undefined;
  private previous = -1;
  private finished: TickSegment | undefined;

  constructor(private readonly points: HypervisorPoints) {}

  /** Feeds one executed address. */
  step(pc: number): void {
    if (pc === this.points.irqVector) {
      this.current = {
        instructions: 0,
        regionLoads: 0,
        mpuWrites: 0,
        costs: new Array<number>(COST_CATEGORIES.length).fill(0),
        byFunction: new Map(),
        fromGuest: this.points.returns.has(this.previous),
        toGuest: false,
      };
    }
    if (this.finished !== undefined) {
      this.finished.toGuest = pc >= this.points.vectors.start && pc < this.points.vectors.end;
      this.finished = undefined;
    }
    this.previous = pc;
    const segment = this.current;
    if (segment === undefined) return;
    segment.instructions++;
    segment.costs[this.points.classifier.classify(pc)]++;
    const id = this.points.classifier.functionId(pc);
    segment.byFunction.set(id, (segment.byFunction.get(id) ?? 0) + 1);
    if (this.points.mpuWrites.has(pc)) segment.mpuWrites++;
    if (this.points.drbarWrites.has(pc)) segment.regionLoads++;
    if (this.points.returns.has(pc)) {
      this.segments.push(segment);
      this.finished = segment;
      this.current = undefined;
    }
  }
}

export interface TickRun {
  system: string;
  points: HypervisorPoints;
  /** Every tick segment seen, in order (the first `skip` ticks after boot left out). */
  segments: TickSegment[];
}

/** Ticks after boot that are not counted (start-up: first slot, first trace output). */
const WARM_UP_TICKS = 4;

/** Builds `desc` with its guests (spin loops, kept out of the log) and collects `ticks` tick segments. */
export async function collectTicks(system: BenchSystem, ticks: number): Promise<TickRun> {
  const desc = system.desc;
  const built = await buildBench(system);
  const points = await hypervisorPoints(built.elf);
  const segmenter = new TickSegmenter(points);
  const wanted = ticks + WARM_UP_TICKS;
  await runWithExecLog({
    label: `ticks of ${desc.name}`,
    elf: built.elf,
    board: boardOf(system),
    collapseRepeats: points.vectors,
    dir: join(built.dir, 'exec-log'),
    // The hypervisor only (idle thread included): the guests spin outside every logged range.
    logRanges: [points.symbols.codeRange()],
    consume: (pc) => {
      segmenter.step(pc);
      return segmenter.segments.length >= wanted;
    },
  });
  return { system: desc.name, points, segments: segmenter.segments.slice(WARM_UP_TICKS, wanted) };
}
