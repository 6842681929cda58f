// Job: one host client's own SLCAN adapter state on the bus hub: it decodes the client's lines with the
// subset codec the hypervisor runs (firmware/core/vcan/slcan.ts) and answers them as the bus UART
// would (docs/VCAN.md §1), keeping open/listen-only/closed, bitrate, timestamps and status flags per
// client, so one client's `C`, `S` or `Z` never changes the bus for the others. Frame lines and `F`
// need the guest's bus; they are handed to the `BusAccess` the hub gives, and their replies are kept
// in the order of the client's lines.
import {
  CanFrame,
  SLCAN_BEL,
  SLCAN_CR,
  SlcanCommand,
  SlcanParser,
  SlcanWriter,
  slcanFeed,
  slcanPutFrame,
  slcanPutSerial,
  slcanPutVersion,
  slcanWriterClear,
} from '../../firmware/core/vcan/slcan.ts';
import type { CanMessage } from '../slcan/can-frame.ts';

/** Status flag bit 3 of the `F` reply: a frame was lost for this client (data overrun). */
export const STATUS_DATA_OVERRUN = 0x08;

export type ChannelState = 'closed' | 'open' | 'listen-only';

/** What a session needs from the bus behind the hub. */
export interface BusAccess {
  /** Sends a frame from this client onto the bus; resolves true when the bus accepted it (`z`/`Z`). */
  send(frame: CanMessage, from: ClientSession): Promise<boolean>;
  /** The bus's status flags since the last query (cleared by reading, shared by all clients). */
  status(): Promise<number>;
}

const BEL = Buffer.from([SLCAN_BEL]);
const OK = Buffer.from([SLCAN_CR]);

function messageOf(frame: CanFrame): CanMessage {
  return {
    id: frame.id,
    extended: frame.extended,
    remote: frame.remote,
    dlc: frame.dlc,
    data: frame.remote ? new Uint8Array(0) : Uint8Array.from(frame.data.subarray(0, frame.dlc)),
  };
}

export class ClientSession {
  private readonly parser = new SlcanParser();
  private readonly writer = new SlcanWriter();
  private readonly scratch = new CanFrame();
  /** Replies not yet written, in the order of the client's lines. */
  private replies: Promise<void> = Promise.resolve();
  state: ChannelState = 'closed';
  bitrateCode = 6;
  timestamps = false;
  /** Status bits gathered for this client since its last `F`. */
  private flags = 0;

  constructor(
    /** `host:port` of the client, for messages. */
    readonly name: string,
    private readonly bus: BusAccess,
    /** Writes bytes to the client. */
    private readonly write: (bytes: Buffer) => void,
  ) {}

  /** True when the channel is open (normal or listen-only): the client wants bus frames. */
  get listening(): boolean {
    return this.state !== 'closed';
  }

  /** Adds status bits (from the bus's `F`, or a frame dropped for this client). */
  raiseFlags(bits: number): void {
    this.flags |= bits;
  }

  /** Feeds bytes received from the client. */
  onBytes(bytes: Buffer): void {
    for (const byte of bytes) if (slcanFeed(this.parser, byte)) this.onLine();
  }

  /** Writes a frame seen on the bus to the client, when its channel is open. `busTimestampMs` is used
   *  when the client asked for timestamps (`Z1`). */
  deliver(frame: CanMessage, busTimestampMs: number): void {
    if (!this.listening) return;
    const f = this.scratch;
    f.id = frame.id;
    f.extended = frame.extended;
    f.remote = frame.remote;
    f.dlc = frame.dlc;
    f.data.fill(0);
    if (!frame.remote) f.data.set(frame.data.subarray(0, 8));
    slcanWriterClear(this.writer);
    slcanPutFrame(this.writer, f, this.timestamps, busTimestampMs);
    const line = Buffer.from(this.writer.bytes.subarray(0, this.writer.length));
    // A frame line goes out at once; it may come between replies, never inside one (whole lines).
    this.write(line);
  }

  private reply(bytes: Buffer | Promise<Buffer>): void {
    // A reply that cannot be had is a refusal; the chain of replies never breaks.
    const ready = Promise.resolve(bytes).catch(() => BEL);
    this.replies = this.replies.then(async () => this.write(await ready));
  }

  private formatted(put: (w: SlcanWriter) => void): Buffer {
    slcanWriterClear(this.writer);
    put(this.writer);
    return Buffer.from(this.writer.bytes.subarray(0, this.writer.length));
  }

  private onLine(): void {
    const p = this.parser;
    switch (p.command) {
      case SlcanCommand.Empty:
        return;
      case SlcanCommand.Open:
      case SlcanCommand.ListenOnly:
        if (this.state !== 'closed') return this.reply(BEL);
        this.state = p.command === SlcanCommand.Open ? 'open' : 'listen-only';
        return this.reply(OK);
      case SlcanCommand.Close:
        if (this.state === 'closed') return this.reply(BEL);
        this.state = 'closed';
        return this.reply(OK);
      case SlcanCommand.Bitrate:
        if (this.state !== 'closed') return this.reply(BEL);
        this.bitrateCode = p.argument;
        return this.reply(OK);
      case SlcanCommand.Timestamps:
        if (this.state !== 'closed') return this.reply(BEL);
        this.timestamps = p.argument === 1;
        return this.reply(OK);
      case SlcanCommand.Version:
        return this.reply(this.formatted(slcanPutVersion));
      case SlcanCommand.Serial:
        return this.reply(this.formatted(slcanPutSerial));
      case SlcanCommand.Status:
        if (this.state === 'closed') return this.reply(BEL);
        return this.reply(this.statusReply());
      case SlcanCommand.Frame: {
        if (this.state !== 'open') return this.reply(BEL);
        const frame = messageOf(p.frame);
        const ack = Buffer.from([frame.extended ? 0x5a : 0x7a, SLCAN_CR]);
        return this.reply(this.bus.send(frame, this).then((accepted) => (accepted ? ack : BEL)));
      }
      default:
        // Malformed lines (SlcanCommand.Error): the same BEL the bus UART gives.
        return this.reply(BEL);
    }
  }

  private async statusReply(): Promise<Buffer> {
    let bus = 0;
    try {
      bus = await this.bus.status();
    } catch {
      return BEL;
    }
    const flags = (this.flags | bus) & 0xff;
    this.flags = 0;
    return Buffer.from(`F${flags.toString(16).toUpperCase().padStart(2, '0')}\r`, 'latin1');
  }
}
