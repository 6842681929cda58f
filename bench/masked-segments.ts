// Masked segments cut out of QEMU's execution log, for the masked_paths benchmark: every stretch the
// hypervisor runs with IRQs masked, named by what it serves.
// - Exception segments: from an exception vector (included) to the exception-return instruction that
//   leaves the hypervisor (included); exception entry masks IRQs and every handler runs to completion
//   (bsp/armv7r/exception_entry.S). An SVC segment is named after the hypercall whose number is the
//   immediate of the guest `svc` logged just before the vector (guests are logged at their `svc`
//   instructions only); an IRQ segment after the hypervisor handler it ran (the tick, a forwarded device
//   interrupt, the UART driver's interrupt).
// - Idle-thread steps: from the first instruction of `bh_port_irq_save` (included) to the return of the
//   matching `bh_port_irq_restore` (included), i.e. up to the first instruction outside it and the BSP
//   function it branches to (excluded): the cold-restart steps of `hvIdle` (firmware/core/hypervisor.ts).
// Each entry keeps its longest segment, the number of segments, and the functions of the longest.
import type { AddressRange } from './exec-log.ts';
import { Hypercall, HYPERCALL_COUNT } from '../firmware/core/hypercall-numbers.ts';

/** ARMv7-R exception vectors (ARM DDI 0406C B1.8.1, SCTLR.V = 0) and the entry each one serves. */
const VECTOR_ENTRIES: ReadonlyMap<number, string> = new Map([
  [0x04, 'undefined_instruction'],
  [0x08, 'svc'],
  [0x0c, 'prefetch_abort'],
  [0x10, 'data_abort'],
  [0x18, 'irq'],
  [0x1c, 'fiq'],
]);
const VECTOR_SVC = 0x08;
const VECTOR_IRQ = 0x18;

/** Entry of an SVC segment whose number the ABI does not assign. */
export const UNASSIGNED_ENTRY = 'unassigned';
/** Entry of an IRQ segment that ran none of the known handlers (e.g. a spurious interrupt). */
export const OTHER_IRQ_ENTRY = 'other_irq';
/** Entry of the idle thread's masked steps. */
export const RESTART_STEP_ENTRY = 'restart_step';
export const TICK_ENTRY = 'tick';
export const DEVICE_IRQ_ENTRY = 'device_irq';
export const UART_IRQ_ENTRY = 'uart_irq';

/** The entry name of hypercall `number`: its name in the ABI (firmware/core/hypercall-numbers.ts). */
export function hypercallEntry(number: number): string {
  return number >= 0 && number < HYPERCALL_COUNT ? Hypercall[number] : UNASSIGNED_ENTRY;
}

/** Every hypercall name of the ABI, by number. */
export function abiHypercalls(): string[] {
  return Array.from({ length: HYPERCALL_COUNT }, (_, number) => hypercallEntry(number));
}

/** Addresses that delimit and name the segments. */
export interface MaskedPoints {
  /** The hypervisor's exception-return instructions. */
  returns: ReadonlySet<number>;
  /** Guest `svc` instruction address -> its immediate (the hypercall number). */
  svcNumbers: ReadonlyMap<number, number>;
  /** First instruction of a hypervisor IRQ handler -> the entry it names (first one run wins). */
  irqHandlers: ReadonlyMap<number, string>;
  /** First instruction of `bh_port_irq_save`. */
  irqSave: number;
  /** `bh_port_irq_restore` and the BSP function it calls or branches to. */
  irqRestore: readonly AddressRange[];
  /** Function id of an address, for the per-function count of the longest segments. */
  functionId: (pc: number) => number;
}

export interface MaskedEntryStats {
  /** Instructions of the longest segment. */
  max: number;
  /** Segments seen. */
  count: number;
  /** Instructions per function id in the longest segment. */
  longestByFunction: Map<number, number>;
}

interface OpenSegment {
  entry: string;
  instructions: number;
  byFunction: Map<number, number>;
}

function inRanges(pc: number, ranges: readonly AddressRange[]): boolean {
  return ranges.some((range) => pc >= range.start && pc < range.end);
}

export class MaskedSegmenter {
  readonly entries = new Map<string, MaskedEntryStats>();
  /** What could not be attributed (an `svc` the guests do not have, a vector inside a segment). */
  readonly anomalies: string[] = [];
  private exception: OpenSegment | undefined;
  private idle: (OpenSegment & { restoring: boolean }) | undefined;
  private previous = -1;

  constructor(private readonly points: MaskedPoints) {}

  /** Feeds one executed address. */
  step(pc: number): void {
    const idle = this.idle;
    if (idle !== undefined) {
      const inRestore = inRanges(pc, this.points.irqRestore);
      if (idle.restoring && !inRestore) {
        this.finish(idle);
        this.idle = undefined;
      } else if (inRestore) {
        idle.restoring = true;
      }
    }
    const vector = VECTOR_ENTRIES.get(pc);
    if (vector !== undefined) {
      if (this.exception !== undefined || this.idle !== undefined) {
        this.anomalies.push(`vector 0x${pc.toString(16)} inside a masked segment (${this.describeOpen()})`);
      }
      this.exception = { entry: this.vectorEntry(pc, vector), instructions: 0, byFunction: new Map() };
    } else if (pc === this.points.irqSave && this.exception === undefined && this.idle === undefined) {
      this.idle = { entry: RESTART_STEP_ENTRY, instructions: 0, byFunction: new Map(), restoring: false };
    }
    this.previous = pc;
    const open = this.exception ?? this.idle;
    if (open === undefined) return;
    open.instructions++;
    const id = this.points.functionId(pc);
    open.byFunction.set(id, (open.byFunction.get(id) ?? 0) + 1);
    const exception = this.exception;
    if (exception === undefined) return;
    if (exception.entry === OTHER_IRQ_ENTRY) {
      const handler = this.points.irqHandlers.get(pc);
      if (handler !== undefined) exception.entry = handler;
    }
    if (this.points.returns.has(pc)) {
      this.finish(exception);
      this.exception = undefined;
    }
  }

  private vectorEntry(pc: number, vector: string): string {
    if (pc === VECTOR_SVC) {
      const number = this.points.svcNumbers.get(this.previous);
      if (number === undefined) {
        this.anomalies.push(`svc vector after 0x${this.previous.toString(16)}, not a guest svc`);
        return 'svc_unknown_site';
      }
      return hypercallEntry(number);
    }
    return pc === VECTOR_IRQ ? OTHER_IRQ_ENTRY : vector;
  }

  private describeOpen(): string {
    const open = this.exception ?? this.idle;
    return open === undefined ? 'none' : `${open.entry} after ${open.instructions} instructions`;
  }

  private finish(segment: OpenSegment): void {
    const stats = this.entries.get(segment.entry);
    if (stats === undefined) {
      this.entries.set(segment.entry, {
        max: segment.instructions,
        count: 1,
        longestByFunction: segment.byFunction,
      });
      return;
    }
    stats.count++;
    if (segment.instructions > stats.max) {
      stats.max = segment.instructions;
      stats.longestByFunction = segment.byFunction;
    }
  }
}
