// Job: the diagnostic guest's ISO-TP transport (guests/diag/isotp.ts, the subset code the guest runs)
// as a node on the in-memory CAN bus, driven by wall-clock milliseconds: frames on its request
// identifier go to `receiveFrame`, `poll` runs every millisecond and its frames go out on the response
// identifier. Complete messages are handed to a responder whose answers (each after an optional delay)
// are sent back; events are counted. It stands in for the server side in the host ISO-TP and UDS client
// tests.
import {
  IsoTp,
  ISOTP_EVENT_RX_COMPLETE,
  ISOTP_EVENT_NONE,
  ISOTP_EVENT_TX_COMPLETE,
} from '../../../../guests/diag/isotp.ts';
import { standardFrame, type CanLink, type MemoryCanBus } from '../../../../qemu/uds/can-link.ts';
import type { CanMessage } from '../../../../qemu/slcan/can-frame.ts';

export interface PeerAnswer {
  /** Milliseconds after the request (or after the previous answer) before this one is sent. */
  delayMs?: number;
  bytes: number[] | Uint8Array;
}

/** Answers to one complete request (empty: stay silent). */
export type Responder = (request: Uint8Array, functional: boolean) => PeerAnswer[];

export interface GuestPeerOptions {
  requestId?: number;
  responseId?: number;
  functionalId?: number;
  /** Flow control the peer announces (default the server's: BS 8, STmin 1 ms). */
  blockSize?: number;
  stMin?: number;
  padding?: boolean;
  responder?: Responder;
}

export class GuestIsoTpPeer {
  readonly isoTp = new IsoTp();
  private readonly functionalTp = new IsoTp();
  readonly requests: { bytes: Uint8Array; functional: boolean }[] = [];
  readonly events: number[] = [];
  private readonly link: CanLink;
  private readonly timer: NodeJS.Timeout;
  private readonly started = performance.now();
  private readonly out = new Uint8Array(8);
  private readonly queue: PeerAnswer[] = [];
  private answering = false;
  private readonly requestId: number;
  private readonly responseId: number;
  private readonly functionalId: number;
  responder: Responder;

  constructor(bus: MemoryCanBus, options: GuestPeerOptions = {}) {
    this.link = bus.attach();
    this.requestId = options.requestId ?? 0x7e0;
    this.responseId = options.responseId ?? 0x7e8;
    this.functionalId = options.functionalId ?? 0x7df;
    this.isoTp.configureReceiver(options.blockSize ?? 8, options.stMin ?? 1);
    this.isoTp.configurePadding(options.padding ?? true, 0xaa);
    this.responder = options.responder ?? (() => []);
    this.link.subscribe((frame) => this.onFrame(frame));
    this.timer = setInterval(() => this.pump(), 1);
  }

  private now(): number {
    return Math.floor(performance.now() - this.started) >>> 0;
  }

  private onFrame(frame: CanMessage): void {
    if (frame.extended || frame.remote) return;
    const data = new Uint8Array(8);
    data.set(frame.data);
    if (frame.id === this.requestId) this.isoTp.receiveFrame(data, frame.dlc, this.now());
    else if (frame.id === this.functionalId) this.functionalTp.receiveFrame(data, frame.dlc, this.now());
    this.pump();
  }

  private collect(tp: IsoTp, functional: boolean): void {
    for (let e = tp.nextEvent(); e !== ISOTP_EVENT_NONE; e = tp.nextEvent()) {
      if (!functional) this.events.push(e);
      if (e === ISOTP_EVENT_RX_COMPLETE) {
        const bytes = Uint8Array.from(tp.rxBuffer.subarray(0, tp.rxMessageLength));
        this.requests.push({ bytes, functional });
        this.queue.push(...this.responder(bytes, functional));
        void this.answer();
      }
    }
  }

  private async answer(): Promise<void> {
    if (this.answering) return;
    this.answering = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
        if ((next.delayMs ?? 0) > 0) await new Promise((r) => setTimeout(r, next.delayMs));
        while (this.isoTp.sending()) await new Promise((r) => setTimeout(r, 1));
        const bytes = Uint8Array.from(next.bytes);
        if (!this.isoTp.send(bytes, bytes.length))
          throw new Error(`peer could not send ${bytes.length} bytes`);
        this.pump();
      }
    } finally {
      this.answering = false;
    }
  }

  /** Runs the transports' timers and sends every frame that is due. */
  private pump(): void {
    const now = this.now();
    for (let dlc = this.isoTp.poll(now, this.out); dlc !== 0; dlc = this.isoTp.poll(now, this.out)) {
      void this.link.send(standardFrame(this.responseId, Uint8Array.from(this.out.subarray(0, dlc))));
    }
    // The functional instance only receives (single frames): its output is discarded.
    while (this.functionalTp.poll(now, this.out) !== 0);
    this.collect(this.isoTp, false);
    this.collect(this.functionalTp, true);
  }

  /** Transmissions the peer completed. */
  completedSends(): number {
    return this.events.filter((e) => e === ISOTP_EVENT_TX_COMPLETE).length;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
