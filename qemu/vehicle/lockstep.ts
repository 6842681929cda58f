// Job: make the HIL link lock-step (docs/HIL-PROTOCOL.md §"Lock-step"): through QEMU's gdb stub, stop
// the machine where the control guest has just sent an actuator frame (a breakpoint on the guest's
// `hil_sync_request_sent`, guests/control/hil_sync.h) and resume it only once the vehicle model has
// answered and QEMU has put the reply into UART2's receiver: the whole reply into a PL011's FIFO, its
// first byte into a CMSDK UART's one-byte buffer (QEMU then feeds it the next byte as soon as the guest
// reads one). The guest's clock (QEMU -icount) does not run while the host works, so the host's speed
// and load no longer decide whether a reply is in time.
import { spawnSync } from 'node:child_process';

import { findDevice, getBoard } from '../../firmware/config/boards.ts';
import { GdbRemote, type StopReply } from '../runner/gdb-remote.ts';
import { receiveQueueBytes, socketQueuesReadable } from '../runner/socket-queue.ts';
import type { ConnectedHilPeer } from './host-peer.ts';

/** The guest's stop point (guests/control/hil_sync.S): `nop; bx lr` in ARM state. */
export const REQUEST_SENT_SYMBOL = 'hil_sync_request_sent';
/** The PC in the Arm gdb register numbering. */
const PC_REGISTER = 15;
/** The host resumes a stop point at its `bx lr`, one ARM instruction past the breakpoint. */
const RESUME_OFFSET = 4;
const DEFAULT_WAIT_LIMIT_MS = 10_000;

/** UART2's receiver: how many bytes it holds, and the status bit that says it holds one. */
export interface ReceiverModel {
  /** Bytes the receiver holds: a PL011 with its FIFO on 16, a CMSDK UART 1. */
  bytes: number;
  /** The status register's address. */
  statusAddress: number;
  /** The status bit that is set (`whenSet`) or clear (`!whenSet`) while a byte is waiting. */
  mask: number;
  whenSet: boolean;
}

/** Where the host stops the guest, and UART2's receiver. */
export interface LockstepTargets {
  requestSentAddress: number;
  receiver: ReceiverModel;
}

export interface LockstepOptions {
  /** Leave the machine stopped at this request stop (the n-th actuator frame, from 1) instead of
   *  serving it, e.g. to end a run after an exact number of control periods; `reachedRequest` then
   *  resolves. */
  haltAtRequest?: number;
  /** How long the host waits for the actuator frame or for QEMU to take the reply; default 10 s. */
  waitLimitMs?: number;
}

export interface LockstepCounts {
  /** Stops after an actuator frame was sent (one per control period). */
  requestStops: number;
  /** Socket-queue or status-register reads while waiting for QEMU to take reply bytes. */
  deliveryPolls: number;
}

/** UART2's receiver on `board` (the guest's driver turns the PL011's FIFO on). */
export function receiverModelFor(board: string): ReceiverModel {
  const uart = findDevice(getBoard(board), 'uart2');
  if (uart === undefined) throw new Error(`board '${board}' has no uart2 for the HIL link`);
  switch (uart.kind) {
    case 'pl011-uart':
      // PL011 TRM (DDI 0183G) 2.4.3: 16-entry receive FIFO (LCR_H.FEN set by uart_pl011.c); 3.3.3
      // UARTFR bit 4 RXFE: receive FIFO empty.
      return { bytes: 16, statusAddress: uart.base + 0x018, mask: 1 << 4, whenSet: false };
    case 'cmsdk-uart':
      // CMSDK TRM (DDI 0479C) 4.3: a one-byte receive buffer; STATE bit 1: RX buffer full.
      return { bytes: 1, statusAddress: uart.base + 0x004, mask: 1 << 1, whenSet: true };
    default:
      throw new Error(`board '${board}': uart2 is a '${uart.kind}', which the lock-step host does not know`);
  }
}

/** Addresses of the global symbols `names` in `elf` (arm-none-eabi-nm); throws naming a missing one. */
export function symbolAddresses(elf: string, names: readonly string[]): Map<string, number> {
  const result = spawnSync('arm-none-eabi-nm', [elf], { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`arm-none-eabi-nm ${elf} failed: ${result.error?.message ?? result.stderr}`);
  }
  const found = new Map<string, number>();
  for (const line of result.stdout.split('\n')) {
    const match = /^([0-9a-fA-F]+) [A-Za-z] (\S+)$/.exec(line);
    if (match !== null && names.includes(match[2])) found.set(match[2], parseInt(match[1], 16));
  }
  for (const name of names) {
    if (!found.has(name)) throw new Error(`${elf} has no symbol '${name}' (not the control guest?)`);
  }
  return found;
}

/** The lock-step targets of the control guest image `guestElf` running on `board`. */
export function lockstepTargets(guestElf: string, board: string): LockstepTargets {
  const symbols = symbolAddresses(guestElf, [REQUEST_SENT_SYMBOL]);
  // Bit 0 of a Thumb function's symbol is the instruction set, not part of the address.
  return {
    requestSentAddress: symbols.get(REQUEST_SENT_SYMBOL)! & ~1,
    receiver: receiverModelFor(board),
  };
}

/** Drives a QEMU machine started halted (-S) with a gdb stub in lock-step with a connected HIL peer. */
export class LockstepLink {
  readonly counts: LockstepCounts = { requestStops: 0, deliveryPolls: 0 };
  /** Resolves when the machine ended, `close()` was called or `haltAtRequest` was reached; rejects on
   *  a lock-step failure. */
  readonly finished: Promise<void>;
  /** Resolves at the request stop `haltAtRequest` (never without that option). */
  readonly reachedRequest: Promise<void>;
  private closing = false;
  /** Set while paused: the link holds the machine at its next request stop until `resume`. */
  private pauseGate: { promise: Promise<void>; open: () => void } | null = null;
  private resolveReached: () => void = () => undefined;
  private readonly waitLimitMs: number;

  private constructor(
    private readonly gdb: GdbRemote,
    private readonly hil: ConnectedHilPeer,
    private readonly targets: LockstepTargets,
    private readonly uartPort: number,
    private readonly options: LockstepOptions,
  ) {
    this.waitLimitMs = options.waitLimitMs ?? DEFAULT_WAIT_LIMIT_MS;
    this.reachedRequest = new Promise((r) => (this.resolveReached = r));
    this.finished = this.serve();
    this.finished.catch(() => undefined);
  }

  /**
   * Connects to the gdb stub on `gdbPort` of a machine started halted, sets the breakpoint and lets
   * it run. `hil` must be connected to the machine's UART2 server on `uartPort`.
   */
  static async start(
    gdbPort: number,
    uartPort: number,
    hil: ConnectedHilPeer,
    targets: LockstepTargets,
    options: LockstepOptions = {},
  ): Promise<LockstepLink> {
    if (!socketQueuesReadable()) {
      throw new Error('the lock-step HIL link needs Linux /proc/net/tcp (run with lock-step off)');
    }
    const gdb = await GdbRemote.connect(gdbPort);
    try {
      await gdb.haltReason();
      await gdb.insertBreakpoint(targets.requestSentAddress);
    } catch (error) {
      gdb.close();
      throw error;
    }
    return new LockstepLink(gdb, hil, targets, uartPort, options);
  }

  private async serve(): Promise<void> {
    let resuming = false;
    // Bytes sent before this request's reply: the guest sends its next frame only after it is resumed,
    // so counting here (not when the stop is seen) never takes this reply's bytes for earlier ones.
    let sentBefore = 0;
    for (;;) {
      let stop: StopReply;
      try {
        if (!resuming) {
          stop = await this.gdb.continueToStop();
        } else {
          const stopPoint = this.targets.requestSentAddress;
          const resumed = this.gdb.resumeAt(PC_REGISTER, stopPoint + RESUME_OFFSET);
          // Checked once the reply is in; the guest stops nowhere else.
          const pcBefore = await resumed.pcBefore;
          if (pcBefore !== stopPoint) {
            throw new Error(
              `lock-step: the guest stopped at 0x${pcBefore.toString(16)}, not at 0x${stopPoint.toString(16)}`,
            );
          }
          stop = await resumed.stop;
        }
      } catch (error) {
        if (this.closing || this.hil.channel.socket.destroyed) return; // QEMU ended or we were closed
        throw error;
      }
      if (stop.ended) return;
      resuming = true;
      const request = ++this.counts.requestStops;
      if (request === this.options.haltAtRequest) {
        this.resolveReached();
        return;
      }
      // The frame's bytes are in QEMU's socket already (both UART models write synchronously); wait
      // until they have come through ours and the model has answered. The guest has taken every
      // earlier reply (it drains UART2 before it sends), so the bytes it has not taken are this reply's.
      await this.waitForPeer(request);
      await this.waitForDelivery(this.hil.bytesSent() - sentBefore);
      sentBefore = this.hil.bytesSent();
      if (this.pauseGate !== null) await this.pauseGate.promise;
    }
  }

  /** Waits, with the machine stopped, until the peer has answered (or dropped) request `request`. */
  private async waitForPeer(request: number): Promise<void> {
    const peer = this.hil.peer;
    if (peer.settledSteps >= request) return;
    await new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        peer.onSettled = null;
        reject(
          new Error(
            `lock-step: actuator frame ${request} was not answered within ${this.waitLimitMs} ms ` +
              `(${peer.trace.length} frames reached the vehicle model)`,
          ),
        );
      }, this.waitLimitMs);
      peer.onSettled = () => {
        if (peer.settledSteps < request) return;
        clearTimeout(timer);
        peer.onSettled = null;
        resolvePromise();
      };
    });
  }

  /**
   * Waits, with the machine stopped, until QEMU has put as many of the `outstanding` reply bytes into
   * UART2's receiver as it holds. A one-byte receiver says so in its status register (read through the
   * stub). For a FIFO the host reads the socket instead: QEMU reads a UART's socket only as far as the
   * UART accepts and hands what it read to the UART at once, so "the socket's receive queue holds
   * `outstanding - held` bytes" means "the receiver holds the first `held`".
   */
  private async waitForDelivery(outstanding: number): Promise<void> {
    if (outstanding <= 0) return;
    const receiver = this.targets.receiver;
    if (receiver.bytes === 1) {
      await this.waitUntil(
        async () =>
          (((await this.gdb.readWord(receiver.statusAddress)) & receiver.mask) !== 0) === receiver.whenSet,
      );
      return;
    }
    const held = Math.min(outstanding, receiver.bytes);
    const socket = this.hil.channel.socket;
    await this.waitUntil(() => {
      // Bytes Node still buffers have not reached QEMU's queue yet.
      if (socket.writableLength !== 0) return Promise.resolve(false);
      const queued = receiveQueueBytes(this.uartPort, socket.localPort!);
      return Promise.resolve(queued !== null && queued <= outstanding - held);
    });
  }

  /** Polls `delivered` (the machine stopped) until it holds; fails after the wait limit. */
  private async waitUntil(delivered: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + this.waitLimitMs;
    for (;;) {
      this.counts.deliveryPolls++;
      if (await delivered()) return;
      if (Date.now() > deadline) {
        throw new Error(`lock-step: QEMU did not take the reply into UART2 within ${this.waitLimitMs} ms`);
      }
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Holds the machine (virtual time) at its next request stop, at most one control period from now. */
  pause(): void {
    if (this.pauseGate !== null) return;
    let open: () => void = () => undefined;
    const promise = new Promise<void>((resolveGate) => (open = resolveGate));
    this.pauseGate = { promise, open };
  }

  /** Lets a paused machine run on. */
  resume(): void {
    const gate = this.pauseGate;
    this.pauseGate = null;
    gate?.open();
  }

  /** Detaches from the stub; a machine stopped by the link stays stopped. */
  close(): void {
    this.closing = true;
    this.pauseGate?.open();
    this.gdb.close();
  }
}
