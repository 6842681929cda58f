// Simulation state behind the port layer (`firmware/port/`): the system tables, guest memory, the MPU model fed by
// the core's region loads, a cycle counter, VFP registers and TPIDRURW, per-UART output with an optional
// transmit-room limit, masked interrupts, the guest images (pristine copy, run copy, recorded digest)
// that integrity checks and cold restarts use, the BSP's stack canaries, and per-UART input (bytes a host
// sent, read by the core with `portUartGetByte`). This module is also the registry the port layer's
// `@extern` bodies reach it through: `installPortSimulation` makes one simulation current and
// `portSimulation` returns it (the bodies import it as a host-side import, docs/TS-SUBSET.md).
import { crc32 } from 'node:zlib';

import { GuestMemory } from './guest-memory.ts';
import { MpuModel } from './mpu-model.ts';
import type { SystemTables } from '../core/tables.ts';
import type { VcpuContext } from '../core/vcpu-context.ts';

/** Address the simulated idle thread "runs" at (never executed in Node). */
export const SIM_IDLE_ENTRY = 0x0000_1000;
export const SIM_IDLE_STACK_TOP = 0x0000_2000;
/** Transmit-ring room a UART reports unless a test limits it (`limitUartTxRoom`). */
export const SIM_UART_TX_ROOM = 4096;

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
  /** d0..d15 of the simulated VFPv3-D16, as 32 words. */
  readonly vfpRegisters = new Uint32Array(32);
  fpscr = 0;
  /** TPIDRURW as the CPU holds it now (guest scripts read and write it). */
  tpidrurw = 0;
  /** The VM whose guest state the modelled CPU holds (undefined between a save and the next restore). */
  guestStateLoaded: number | undefined = undefined;
  /** The local exclusive monitor: the address an LDREX marked, or undefined when open. */
  exclusiveAddress: number | undefined = undefined;
  readonly irqMasked = new Set<number>();
  private readonly uartBytes = new Map<number, number[]>();
  private readonly uartInput = new Map<number, number[]>();
  private readonly uartLost = new Map<number, number>();
  /** Per UART: bytes the transmit ring still takes, for UARTs a test limited. */
  private readonly uartRoom = new Map<number, number>();
  /** Per UART: bytes dropped because the transmit ring was full. */
  readonly uartTxDropped = new Map<number, number>();
  private readonly snapshots = new Map<number, SimImage>();
  /** VMs whose image a cold restart finished restoring, in order. */
  readonly pristineRestores: number[] = [];
  /** The CPU's IRQ mask as `portIrqSave` left it. */
  irqMaskedAtCpu = false;
  /** Bit `i` set: the canary of privileged-mode stack `i` reads as overwritten (`bsp/armv7r/stack_canary.c`). */
  canariesBroken = 0;
  /** Bit 6 set: the idle thread's stack canary reads as overwritten. */
  idleCanaryBroken = 0;
  /** Per VM: an image given as bytes (both copies and the recorded digest) instead of the snapshot of
   *  the VM's areas, for tests of the integrity checks. */
  readonly imageOverrides: (SelfCheckImage | undefined)[] = [];

  constructor(
    readonly memory: GuestMemory,
    /** The system tables the port layer provides to the core (`portSystemTables`); the machine that
     *  owns the simulation completes them with the images' digests before the core starts. */
    public tables: SystemTables,
  ) {}

  readCycles(): number {
    return this.cycles >>> 0;
  }

  mpuLoad(words: Uint32Array, wordsPerRegion: number, count: number): void {
    this.mpu.load(words, wordsPerRegion, count);
    this.mpuLoads.push(Array.from(words.subarray(0, count * wordsPerRegion)));
  }

  vfpSave(ctx: VcpuContext): void {
    ctx.vfp.set(this.vfpRegisters);
    ctx.fpscr = this.fpscr;
  }

  vfpRestore(ctx: VcpuContext): void {
    this.vfpRegisters.set(ctx.vfp.subarray(0, this.vfpRegisters.length));
    this.fpscr = ctx.fpscr;
    this.vfpEnabled = true;
  }

  guestStateSave(_vm: number, ctx: VcpuContext): void {
    ctx.tpidrurw = this.tpidrurw >>> 0;
    this.guestStateLoaded = undefined;
  }

  guestStateRestore(vm: number, ctx: VcpuContext): void {
    this.tpidrurw = ctx.tpidrurw;
    this.exclusiveAddress = undefined;
    this.guestStateLoaded = vm;
  }

  guestStateReset(vm: number): void {
    if (this.guestStateLoaded === vm) {
      this.tpidrurw = 0;
      this.exclusiveAddress = undefined;
    }
  }

  uartPut(uart: number, value: number): void {
    const room = this.uartRoom.get(uart);
    if (room !== undefined) {
      if (room === 0) {
        this.uartTxDropped.set(uart, (this.uartTxDropped.get(uart) ?? 0) + 1);
        return;
      }
      this.uartRoom.set(uart, room - 1);
    }
    let bytes = this.uartBytes.get(uart);
    if (bytes === undefined) {
      bytes = [];
      this.uartBytes.set(uart, bytes);
    }
    bytes.push(value & 0xff);
  }

  /** Bytes the transmit ring of `uart` takes now. */
  uartTxRoom(uart: number): number {
    return this.uartRoom.get(uart) ?? SIM_UART_TX_ROOM;
  }

  /** Models a slow line: `uart`'s transmit ring takes `room` more bytes until the next call
   *  (`undefined`: unlimited again). */
  limitUartTxRoom(uart: number, room: number | undefined): void {
    if (room === undefined) this.uartRoom.delete(uart);
    else this.uartRoom.set(uart, room);
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

  /** Records the current content of `areas` as VM `vm`'s pristine image: the image is the areas' bytes
   *  one after the other, its recorded digest their CRC-32 (what the build records for an image). */
  snapshotPristine(vm: number, areas: readonly { base: number; size: number }[]): void {
    const copies = areas.map((a) => ({ base: a.base, bytes: this.memory.read(a.base, a.size) }));
    const pristine = new Uint8Array(copies.reduce((n, c) => n + c.bytes.length, 0));
    let at = 0;
    for (const c of copies) {
      pristine.set(c.bytes, at);
      at += c.bytes.length;
    }
    const memory = this.memory;
    const restores = this.pristineRestores;
    /** Calls `visit(guest address, image offset, length)` for the parts of [offset, offset + length). */
    const eachPart = (
      offset: number,
      length: number,
      visit: (address: number, at: number, n: number) => void,
    ) => {
      let partStart = 0;
      for (const c of copies) {
        const from = Math.max(offset, partStart);
        const to = Math.min(offset + length, partStart + c.bytes.length);
        if (from < to) visit(c.base + (from - partStart), from, to - from);
        partStart += c.bytes.length;
      }
    };
    this.snapshots.set(vm, {
      length: pristine.length,
      expected: crc32(pristine) >>> 0,
      read(copy, offset, length) {
        if (copy === 0) return pristine.subarray(offset, offset + length);
        const out = new Uint8Array(length);
        eachPart(offset, length, (address, from, n) => out.set(memory.read(address, n), from - offset));
        return out;
      },
      restore(offset, length) {
        eachPart(offset, length, (address, from, n) =>
          memory.write(address, pristine.subarray(from, from + n)),
        );
        if (offset + length >= pristine.length) restores.push(vm);
      },
    });
  }

  /** Records each VM's image digest in the tables the core runs on, as the system build records the
   *  digest of every image it embeds: the images are the snapshots (or overrides) taken so far. */
  recordImageDigests(): void {
    this.tables = {
      ...this.tables,
      vms: this.tables.vms.map((vm, index) => ({ ...vm, imageDigest: this.image(index)?.expected ?? 0 })),
    };
  }

  /** VM `vm`'s guest image as the port layer sees it: the override a test gave (`imageOverrides`), else
   *  the snapshot of its areas. */
  image(vm: number): SimImage | undefined {
    const hook = this.imageOverrides[vm];
    if (hook !== undefined) {
      return {
        length: hook.running.length,
        expected: hook.expected,
        read: (copy, offset, length) =>
          (copy === 0 ? hook.pristine : hook.running).subarray(offset, offset + length),
        restore: (offset, length) => {
          hook.running.set(hook.pristine.subarray(offset, offset + length), offset);
          if (offset + length >= hook.running.length) this.pristineRestores.push(vm);
        },
      };
    }
    return this.snapshots.get(vm);
  }

  /** Masks the (simulated) CPU's IRQs: a Node run has no concurrency, so only the nesting is kept. */
  irqSave(): number {
    const saved = this.irqMaskedAtCpu ? 1 : 0;
    this.irqMaskedAtCpu = true;
    return saved;
  }

  irqRestore(saved: number): void {
    this.irqMaskedAtCpu = saved !== 0;
  }
}

/** A guest image: its length, the digest the build recorded, reads of either copy (0 pristine, 1 the
 *  run copy in guest memory) and restoring a range of the run copy from the pristine one. */
export interface SimImage {
  readonly length: number;
  readonly expected: number;
  read(copy: number, offset: number, length: number): Uint8Array;
  restore(offset: number, length: number): void;
}

/** A guest image given as bytes: the run copy, the pristine copy and the digest the build recorded. */
export interface SelfCheckImage {
  readonly running: Uint8Array;
  readonly pristine: Uint8Array;
  readonly expected: number;
}

/** The simulation the port layer's `@extern` bodies use, or null. */
let current: PortSimulation | null = null;

/** Makes `sim` the simulation the port layer uses (replacing any other). */
export function installPortSimulation(sim: PortSimulation): void {
  current = sim;
}

/** Removes the installed simulation. */
export function uninstallPortSimulation(): void {
  current = null;
}

/** The installed simulation; throws naming `caller` (the port function) when there is none. */
export function portSimulation(caller: string): PortSimulation {
  if (current === null) throw new Error(`port layer: no simulation installed (${caller})`);
  return current;
}
