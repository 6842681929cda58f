// A raw SLCAN connection to the hypervisor's bus UART for the flood test: writes any bytes (with TCP
// back-pressure), classifies everything the bus sends back (BEL refusals, CR acknowledgements, `z`/`Z`
// frame acknowledgements, other replies, timestamped frame lines decoded by the subset codec), keeps
// the replies in order and counts the bytes and lines it wrote, and speaks just enough ISO-TP on
// 0x7E0/0x7E8 to ask the diagnostic guest a question and read a single- or multi-frame answer.
import { connect, type Socket } from 'node:net';

import { SLCAN_BEL, SLCAN_CR, SlcanCommand, SlcanParser, slcanFeed } from '../../firmware/core/vcan/slcan.ts';
import { ReferenceBus } from './slcan-reference.ts';

/** A frame the bus sent to the host. */
export interface HostFrame {
  readonly id: number;
  readonly extended: boolean;
  readonly data: readonly number[];
  /** Bus time stamp, milliseconds modulo 60000 (`Z1`). */
  readonly timestampMs: number;
}

export const ISOTP_PADDING = 0xaa;

export class RawSlcan {
  readonly frames: HostFrame[] = [];
  /** Replies seen, by kind. */
  readonly replies = { refused: 0, ok: 0, frameAcks: 0, other: 0, otherSamples: [] as string[] };
  /** Frames that came with no valid decoding (never expected). */
  readonly undecodable: string[] = [];
  /** Every reply line in the order it came: `\x07` for a BEL, else the line's text without its CR. */
  readonly replyLog: string[] = [];
  /** Bytes handed to the socket so far. */
  bytesWritten = 0;
  /** Splits everything written into lines as the bus does (its `lines` count the non-empty ones). */
  private readonly sentLines = new ReferenceBus([]);
  private readonly parser = new SlcanParser();
  private line = '';
  private readonly frameWaiters: (() => void)[] = [];
  private readonly lineWaiters: ((line: string) => void)[] = [];

  private constructor(private readonly socket: Socket) {
    this.parser.acceptTimestamps = true;
    socket.setNoDelay(true);
    socket.on('data', (bytes: Buffer) => this.onBytes(bytes));
    socket.on('error', () => socket.destroy());
  }

  static open(port: number): Promise<RawSlcan> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        resolve(new RawSlcan(socket));
      });
      socket.once('error', (error) => reject(new Error(`SLCAN port ${port}: ${error.message}`)));
    });
  }

  private onBytes(bytes: Buffer): void {
    for (const byte of bytes) {
      if (byte === SLCAN_BEL) {
        this.replies.refused++;
        this.replyLog.push('\x07');
        this.line = '';
        this.parser.length = 0;
        this.parser.overlong = false;
        continue;
      }
      if (byte !== SLCAN_CR) this.line += String.fromCharCode(byte);
      if (!slcanFeed(this.parser, byte)) continue;
      const text = this.line;
      this.line = '';
      if (/^[tTrR]/.test(text)) {
        if (this.parser.command !== SlcanCommand.Frame) {
          this.undecodable.push(text);
          continue;
        }
        const f = this.parser.frame;
        const frame: HostFrame = {
          id: f.id,
          extended: f.extended,
          data: Array.from(f.data.subarray(0, f.remote ? 0 : f.dlc)),
          timestampMs: f.timestamp,
        };
        this.frames.push(frame);
        for (const waiter of this.frameWaiters.splice(0)) waiter();
      } else {
        this.replyLog.push(text);
        if (text === '') this.replies.ok++;
        else if (text === 'z' || text === 'Z') this.replies.frameAcks++;
        else {
          this.replies.other++;
          if (this.replies.otherSamples.length < 20) this.replies.otherSamples.push(text);
        }
        for (const waiter of this.lineWaiters.splice(0)) waiter(text);
      }
    }
  }

  /** Writes `bytes`; while the socket's buffer is full, waits for it to drain, at most `stallMs`.
   *  Returns false when the buffer did not drain in time (the bus stopped taking input). */
  async write(bytes: Uint8Array | string, stallMs = 2000): Promise<boolean> {
    const raw = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    this.bytesWritten += raw.length;
    this.sentLines.feed(raw);
    if (this.socket.write(raw)) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.off('drain', drained);
        resolve(false);
      }, stallMs);
      const drained = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.socket.once('drain', drained);
    });
  }

  /** Non-empty lines written so far (each must get exactly one reply). */
  linesWritten(): number {
    return this.sentLines.lines;
  }

  /** Reply lines received so far (every non-empty line the host sends gets exactly one). */
  answered(): number {
    return this.replies.refused + this.replies.ok + this.replies.frameAcks + this.replies.other;
  }

  /** Resolves at the next bytes from the bus, or after `ms`. */
  nextInput(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.socket.once('data', done);
      setTimeout(() => this.socket.off('data', done), ms + 1);
    });
  }

  /** Bytes written but not yet taken by the other side's socket. */
  get pendingBytes(): number {
    return this.socket.writableLength;
  }

  /** Sends a command line and resolves with the next non-frame reply line (`null` on a BEL-only
   *  answer within `timeoutMs`). */
  async command(text: string, timeoutMs = 5000): Promise<string | null> {
    const refusedBefore = this.replies.refused;
    const reply = new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      this.lineWaiters.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
    await this.write(`${text}\r`);
    const line = await reply;
    return line === null && this.replies.refused > refusedBefore ? null : line;
  }

  /** The first frame with identifier `id` at or after position `from` of `frames`, and its position,
   *  waiting up to `timeoutMs` of wall time for it to arrive. */
  async frameFrom(
    from: number,
    id: number,
    timeoutMs: number,
  ): Promise<{ frame: HostFrame; at: number } | null> {
    const deadline = Date.now() + timeoutMs;
    for (let at = from; ;) {
      for (; at < this.frames.length; at++)
        if (this.frames[at].id === id) return { frame: this.frames[at], at };
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.frameWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends one standard data frame padded to 8 bytes. */
  async sendPadded(id: number, data: readonly number[]): Promise<void> {
    const bytes = [...data, ...new Array<number>(8 - data.length).fill(ISOTP_PADDING)];
    const hex = bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
    await this.write(`t${id.toString(16).toUpperCase().padStart(3, '0')}8${hex}\r`);
  }

  /** Sends a single-frame request on `requestId` and returns the reassembled response from 0x7E8
   *  (flow control BS 0, STmin 0 after a first frame), or null when none comes within `timeoutMs`. */
  async udsRequest(
    requestId: number,
    request: readonly number[],
    timeoutMs: number,
  ): Promise<number[] | null> {
    if (request.length < 1 || request.length > 7) throw new RangeError(`request of ${request.length} bytes`);
    let cursor = this.frames.length;
    await this.sendPadded(requestId, [request.length, ...request]);
    const first = await this.frameFrom(cursor, 0x7e8, timeoutMs);
    if (first === null) return null;
    cursor = first.at + 1;
    const data = first.frame.data;
    const pci = data[0] >> 4;
    if (pci === 0) return data.slice(1, 1 + (data[0] & 0x0f));
    if (pci !== 1) return [-1, ...data];
    const length = ((data[0] & 0x0f) << 8) | data[1];
    const message = data.slice(2);
    await this.sendPadded(0x7e0, [0x30, 0x00, 0x00]);
    for (let sequence = 1; message.length < length; sequence++) {
      const next = await this.frameFrom(cursor, 0x7e8, timeoutMs);
      if (next === null || next.frame.data[0] !== (0x20 | (sequence & 0x0f))) return [-2, ...message];
      cursor = next.at + 1;
      message.push(...next.frame.data.slice(1));
    }
    return message.slice(0, length);
  }

  close(): void {
    this.socket.destroy();
  }
}
