// The Node simulation of a Bulkhead system: the real core (`firmware/core/`) driven tick by tick, with
// the port layer backed by `PortSimulation`, simulated guest memory and guests written as scripts.
// Each tick, the VM the core put on the CPU gets one `step` (in which it may issue hypercalls, load or
// store memory through the MPU model, execute an undefined instruction or just spin); then the timer
// tick enters the core. An upcall the core delivers runs the guest's `onVirq` at once, followed by the
// `VirqReturn` hypercall, as a real guest's handler trampoline would. When the idle thread has the CPU
// during a tick it streams the trace (`hvIdle`, within the per-tick budget), as on the target.
import { Hypercall } from '../core/hypercall-numbers.ts';
import {
  hvInit,
  hvIdle,
  hvInUpcall,
  hvOnDataAbort,
  hvOnIrq,
  hvOnPrefetchAbort,
  hvOnSvc,
  hvOnTick,
  hvOnUndefined,
  hvRunningVm,
  InitResult,
} from '../core/hypervisor.ts';
import { partitionOf } from '../core/partition.ts';
import type { SystemTables } from '../core/tables.ts';
import { contextOf } from '../core/vcpu-context.ts';
import { virqSavedContext } from '../core/virq.ts';
import { GuestMemory } from './guest-memory.ts';
import type { AccessKind } from './mpu-model.ts';
import { installPortSimulation, PortSimulation, type SelfCheckImage } from './port-simulation.ts';
import { parseTrace, type TraceRecord } from './trace-lines.ts';
import { NO_VM } from '../core/limits.ts';
import { traceFlush } from '../core/trace.ts';

/** Thrown inside a guest script when the VM lost the CPU (or was restarted) during its step: the rest
 *  of the step does not run, as the real guest would not be executing. */
export class Descheduled extends Error {
  constructor() {
    super('guest descheduled');
  }
}

export interface HypercallResult {
  r0: number;
  r1: number;
  r2: number;
  r3: number;
}

/** A simulated guest program. */
export interface GuestProgram {
  /** Called when the VM starts or restarts from its entry point. */
  start?(g: SimGuest): void;
  /** Called once per tick while the VM is on the CPU. */
  step(g: SimGuest): void;
  /** Upcall handler for virtual interrupt `virq`. */
  onVirq?(g: SimGuest, virq: number): void;
}

/** PMU cycles the simulated CPU spends per tick and per hypercall. */
export const SIM_CYCLES_PER_TICK = 1000;
export const SIM_CYCLES_PER_HYPERCALL = 20;

/** What a guest script can do. */
export class SimGuest {
  private inHandler = false;

  constructor(
    readonly machine: SimMachine,
    readonly vm: number,
  ) {}

  private checkStillRunning(starts: number): void {
    if (hvRunningVm() !== this.vm || partitionOf(this.vm).starts !== starts) throw new Descheduled();
  }

  /** Runs pending upcalls of this VM (the handler, then `VirqReturn`), as the CPU would on resume. */
  runUpcalls(): void {
    if (this.inHandler) return;
    const program = this.machine.programs[this.vm];
    for (let guard = 0; guard < 64 && hvRunningVm() === this.vm && hvInUpcall(this.vm); guard++) {
      const virq = contextOf(this.vm).r[0];
      this.machine.upcalls.push({ vm: this.vm, virq, tick: this.machine.ticks });
      this.inHandler = true;
      try {
        program?.onVirq?.(this, virq);
      } catch (e) {
        if (!(e instanceof Descheduled)) throw e;
      } finally {
        this.inHandler = false;
      }
      if (hvRunningVm() !== this.vm || !hvInUpcall(this.vm)) return;
      this.machine.sim.cycles += SIM_CYCLES_PER_HYPERCALL;
      hvOnSvc(Hypercall.VirqReturn);
    }
  }

  /** Issues hypercall `call` with r0..r3 and returns r0..r3 after it. Throws `Descheduled` when the VM
   *  is no longer on the CPU afterwards (it yielded, waits, halted, restarted...). */
  call(call: number, r0 = 0, r1 = 0, r2 = 0, r3 = 0): HypercallResult {
    if (hvRunningVm() !== this.vm) throw new Descheduled();
    const starts = partitionOf(this.vm).starts;
    const ctx = contextOf(this.vm);
    ctx.r[0] = r0 >>> 0;
    ctx.r[1] = r1 >>> 0;
    ctx.r[2] = r2 >>> 0;
    ctx.r[3] = r3 >>> 0;
    this.machine.sim.cycles += SIM_CYCLES_PER_HYPERCALL;
    hvOnSvc(call);
    if (
      hvRunningVm() === this.vm &&
      partitionOf(this.vm).starts === starts &&
      hvInUpcall(this.vm) &&
      !this.inHandler
    ) {
      // An upcall interrupts the code after the SVC: the call's result is in the saved context.
      const saved = virqSavedContext(this.vm);
      const result = { r0: saved.r[0], r1: saved.r[1], r2: saved.r[2], r3: saved.r[3] };
      this.runUpcalls();
      this.checkStillRunning(starts);
      return result;
    }
    const result = { r0: ctx.r[0], r1: ctx.r[1], r2: ctx.r[2], r3: ctx.r[3] };
    this.checkStillRunning(starts);
    return result;
  }

  /** A memory access checked by the MPU model; a fault enters the core as an abort and ends the step. */
  private access(address: number, kind: AccessKind): void {
    if (hvRunningVm() !== this.vm) throw new Descheduled();
    const verdict = this.machine.sim.mpu.check(address, kind);
    if (verdict.allowed) return;
    if (kind === 'execute') hvOnPrefetchAbort(address >>> 0, verdict.status);
    else hvOnDataAbort(address >>> 0, verdict.status);
    throw new Descheduled();
  }

  store(address: number, data: Uint8Array | number[]): void {
    const bytes = data instanceof Uint8Array ? data : Uint8Array.from(data);
    for (let i = 0; i < bytes.length; i++) this.access(address + i, 'write');
    this.machine.memory.write(address, bytes);
  }

  load(address: number, length: number): Uint8Array {
    for (let i = 0; i < length; i++) this.access(address + i, 'read');
    return this.machine.memory.read(address, length);
  }

  /** MCR TPIDRURW: PL0 may write the user read/write thread ID register. */
  writeThreadId(value: number): void {
    if (hvRunningVm() !== this.vm) throw new Descheduled();
    this.machine.sim.tpidrurw = value >>> 0;
  }

  /** MRC TPIDRURW. */
  readThreadId(): number {
    if (hvRunningVm() !== this.vm) throw new Descheduled();
    return this.machine.sim.tpidrurw;
  }

  /** LDREX: a checked load that marks `address` in the local exclusive monitor. */
  loadExclusive(address: number): number {
    const value = this.load(address, 4);
    this.machine.sim.exclusiveAddress = address >>> 0;
    return (value[0] | (value[1] << 8) | (value[2] << 16) | (value[3] << 24)) >>> 0;
  }

  /** STREX: stores `value` and returns 0 when the monitor still marks `address`, else returns 1 and
   *  stores nothing; the monitor is open afterwards either way (ARM DDI 0406C A3.4). */
  storeExclusive(address: number, value: number): number {
    const marked = this.machine.sim.exclusiveAddress === address >>> 0;
    this.machine.sim.exclusiveAddress = undefined;
    if (!marked) return 1;
    this.store(address, [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff]);
    return 0;
  }

  /** Jumps to `address` (checks execute permission only). */
  execute(address: number): void {
    this.access(address, 'execute');
  }

  /** Executes an undefined instruction at `address`. */
  undefinedInstruction(address: number): never {
    hvOnUndefined(address >>> 0, 0xe7f000f0);
    throw new Descheduled();
  }

  /** Writes `text` into the VM's own memory at `address` and returns its length. */
  put(address: number, text: string | Uint8Array): number {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
    this.store(address, bytes);
    return bytes.length;
  }
}

export interface SimMachineOptions {
  /** Guest memory window; by default the smallest window covering every VM area. */
  memory?: { base: number; size: number };
  /** Initial content of guest memory (the "linked images"), written before the pristine snapshot. */
  images?: { address: number; bytes: Uint8Array }[];
  /** Per VM: its guest image given as bytes (both copies and the recorded digest) instead of the
   *  snapshot of its areas, for the integrity checks made at boot (`PortSimulation.imageOverrides`). */
  selfCheckImages?: (SelfCheckImage | undefined)[];
}

export class SimMachine {
  readonly memory: GuestMemory;
  readonly sim: PortSimulation;
  readonly guests: SimGuest[];
  readonly initResult: InitResult;
  ticks = 0;
  readonly upcalls: { vm: number; virq: number; tick: number }[] = [];
  private readonly seenStarts: number[];

  /** The tables the core runs on: the ones given, with each VM's image digest as a build records it. */
  get tables(): SystemTables {
    return this.sim.tables;
  }

  constructor(
    described: SystemTables,
    readonly programs: (GuestProgram | undefined)[],
    options: SimMachineOptions = {},
  ) {
    const window = options.memory ?? coveringWindow(described);
    this.memory = new GuestMemory(window.base, window.size);
    for (const image of options.images ?? []) this.memory.write(image.address, image.bytes);
    this.sim = new PortSimulation(this.memory, described);
    described.vms.forEach((vm, index) => this.sim.snapshotPristine(index, vm.areas));
    (options.selfCheckImages ?? []).forEach((image, vm) => (this.sim.imageOverrides[vm] = image));
    // The "linked" images are the VMs' areas as they are now (or the given ones).
    this.sim.recordImageDigests();
    const tables = this.sim.tables;
    installPortSimulation(this.sim);
    this.guests = tables.vms.map((_, index) => new SimGuest(this, index));
    this.seenStarts = tables.vms.map(() => 0);
    this.initResult = hvInit();
  }

  /** Runs the VM on the CPU for one tick, then delivers the timer tick. */
  tick(): void {
    installPortSimulation(this.sim);
    const vm = hvRunningVm();
    if (vm < this.guests.length) this.runGuest(vm);
    if (hvRunningVm() === NO_VM) hvIdle();
    this.sim.cycles += SIM_CYCLES_PER_TICK;
    this.ticks++;
    hvOnTick();
  }

  private runGuest(vm: number): void {
    const guest = this.guests[vm];
    const program = this.programs[vm];
    try {
      guest.runUpcalls();
      if (hvRunningVm() !== vm) return;
      const starts = partitionOf(vm).starts;
      if (starts !== this.seenStarts[vm]) {
        this.seenStarts[vm] = starts;
        program?.start?.(guest);
      }
      if (hvRunningVm() !== vm) return;
      program?.step(guest);
    } catch (e) {
      if (!(e instanceof Descheduled)) throw e;
    }
  }

  run(ticks: number): void {
    for (let i = 0; i < ticks; i++) this.tick();
  }

  /** A device interrupt arriving between ticks. */
  irq(id: number): void {
    installPortSimulation(this.sim);
    hvOnIrq(id);
  }

  /** Output of `uart` so far. */
  uart(uart: number): string {
    return this.sim.uartText(uart);
  }

  /** Streams every trace record still in the ring, as a host that keeps reading would see them. */
  flushTrace(): void {
    installPortSimulation(this.sim);
    traceFlush();
  }

  /** The whole trace stream so far (the ring flushed first), parsed (requires a trace UART). */
  trace(): TraceRecord[] {
    this.flushTrace();
    return parseTrace(this.uart(this.tables.traceUart));
  }
}

function coveringWindow(tables: SystemTables): { base: number; size: number } {
  let low = Number.POSITIVE_INFINITY;
  let high = 0;
  for (const vm of tables.vms) {
    for (const area of vm.areas) {
      low = Math.min(low, area.base);
      high = Math.max(high, area.base + area.size);
    }
  }
  if (!Number.isFinite(low)) return { base: 0, size: 0 };
  return { base: low, size: high - low };
}
