// Simulation state behind the port layer (`firmware/port/`): the system tables, guest memory, the MPU model fed by
// the core's region loads, a cycle counter, VFP registers, per-UART output, masked interrupts and the
// pristine images used by cold restarts, and per-UART input (bytes a host sent, read by the core with
// `portUartGetByte`). `installPortSimulation` makes it the one the port layer's
// Node bodies use.
import { GuestMemory } from './guest-memory.ts';
import { MpuModel } from './mpu-model.ts';
import type { SystemTables } from '../core/tables.ts';
import type { VcpuContext } from '../core/vcpu-context.ts';

/** Address the simulated idle thread "runs" at (never executed in Node). */
export const SIM_IDLE_ENTRY = 0x0000_1000;
export const SIM_IDLE_STACK_TOP = 0x0000_2000;

export class PortSimulation {
  readonly mpu = new MpuModel();
  /** Region blocks loaded, in order: the VM switches the MPU saw. */
  readonly mpuLoads: number[][] = [];
  cycles = 0;
  readonly idleEntry = SIM_IDLE_ENTRY;
  readonly idleStackTop = SIM_IDLE_STACK_TOP;
  vfpEnabled = false;
  /** The context the BSP would save into and restore (`portContextSetCurrent`). */
  currentContext: VcpuContext | undefined = undefined;
  readonly vfpRegisters = new Uint32Array(32);
  fpscr = 0;
  readonly irqMasked = new Set<number>();
  private readonly uartBytes = new Map<number, number[]>();
  private readonly uartInput = new Map<number, number[]>();
  private readonly uartLost = new Map<number, number>();
  private readonly pristine = new Map<number, { base: number; bytes: Uint8Array }[]>();
  readonly pristineRestores: number[] = [];

  constructor(
    readonly memory: GuestMemory,
    /** The system tables the port layer provides to the core (`portSystemTables`). */
    readonly tables: SystemTables,
  ) {}

  readCycles(): number {
    return this.cycles >>> 0;
  }

  mpuLoad(triples: Uint32Array, count: number): void {
    this.mpu.load(triples, count);
    this.mpuLoads.push(Array.from(triples.subarray(0, count * 3)));
  }

  vfpSave(ctx: VcpuContext): void {
    ctx.vfp.set(this.vfpRegisters);
    ctx.fpscr = this.fpscr;
  }

  vfpRestore(ctx: VcpuContext): void {
    this.vfpRegisters.set(ctx.vfp);
    this.fpscr = ctx.fpscr;
    this.vfpEnabled = true;
  }

  uartPut(uart: number, value: number): void {
    let bytes = this.uartBytes.get(uart);
    if (bytes === undefined) {
      bytes = [];
      this.uartBytes.set(uart, bytes);
    }
    bytes.push(value & 0xff);
  }

  /** Queues bytes a host sends on `uart` (Latin-1 text or bytes); the core reads them one at a time. */
  uartSend(uart: number, data: string | Uint8Array | number[]): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    let queue = this.uartInput.get(uart);
    if (queue === undefined) {
      queue = [];
      this.uartInput.set(uart, queue);
    }
    for (const b of bytes) queue.push(b & 0xff);
  }

  /** Takes the oldest byte sent on `uart`, or 0xffffffff when none is waiting. */
  uartGet(uart: number): number {
    const queue = this.uartInput.get(uart);
    if (queue === undefined || queue.length === 0) return 0xffffffff;
    return queue.shift() as number;
  }

  /** Received bytes `uart` lost so far (`portUartRxLost`): what `loseUartInput` recorded. */
  uartRxLost(uart: number): number {
    return (this.uartLost.get(uart) ?? 0) >>> 0;
  }

  /** Models `count` received bytes lost on `uart` (receive ring full or a UART error): they never
   *  reach the core, only the loss counter grows. */
  loseUartInput(uart: number, count: number): void {
    this.uartLost.set(uart, (this.uartLost.get(uart) ?? 0) + count);
  }

  /** Bytes sent on `uart` and not yet read by the core. */
  uartPending(uart: number): number {
    return this.uartInput.get(uart)?.length ?? 0;
  }

  /** Everything written to `uart`, as Latin-1 text. */
  uartText(uart: number): string {
    return Buffer.from(this.uartBytes.get(uart) ?? []).toString('latin1');
  }

  /** Records the current content of `areas` as VM `vm`'s pristine image. */
  snapshotPristine(vm: number, areas: readonly { base: number; size: number }[]): void {
    this.pristine.set(
      vm,
      areas.map((a) => ({ base: a.base, bytes: this.memory.read(a.base, a.size) })),
    );
  }

  restorePristine(vm: number): void {
    for (const area of this.pristine.get(vm) ?? []) this.memory.write(area.base, area.bytes);
    this.pristineRestores.push(vm);
  }
}

interface SimulationHost {
  bulkheadPortSimulation?: PortSimulation;
}

/** Makes `sim` the simulation the port layer uses (replacing any other). */
export function installPortSimulation(sim: PortSimulation): void {
  (globalThis as SimulationHost).bulkheadPortSimulation = sim;
}

/** Removes the installed simulation. */
export function uninstallPortSimulation(): void {
  delete (globalThis as SimulationHost).bulkheadPortSimulation;
}
