// SLCAN client over TCP: the host's peer on the virtual CAN bus (the hypervisor's bus UART, exposed by
// QEMU as a TCP server). It opens the channel with a bitrate, sends frames and waits for their
// acknowledgement, and delivers received frames as events and as an async iterator. Incoming lines are
// decoded by the same subset codec the hypervisor runs (`firmware/core/vcan/slcan.ts`); error replies
// (BEL) reject the command they answer, and every command has a timeout.
import { EventEmitter } from 'node:events';
import { connect as tcpConnect, type Socket } from 'node:net';
import {
  SLCAN_BEL,
  SLCAN_CR,
  SlcanCommand,
  SlcanParser,
  SlcanWriter,
  slcanFeed,
  slcanPutFrame,
  slcanWriterClear,
  CanFrame,
} from '../../firmware/core/vcan/slcan.ts';
import { checkCanMessage, type CanMessage } from './can-frame.ts';

/** Bitrates of the `Sn` codes, bit/s. */
export const SLCAN_BITRATES = [
  10_000, 20_000, 50_000, 100_000, 125_000, 250_000, 500_000, 800_000, 1_000_000,
] as const;

export interface SlcanClientOptions {
  /** Time allowed for the TCP connection and for each command's reply (default 2000 ms). */
  timeoutMs?: number;
  /** Keep received frames for `receive()` and `frames()` (default true); false when only the `frame`
   *  event is used, so a long-lived client does not accumulate them. */
  queueFrames?: boolean;
}

export interface OpenOptions {
  /** Bitrate in bit/s, one of `SLCAN_BITRATES` (default 500000). */
  bitrate?: number;
  /** Ask the bus to stamp frames (`Z1`). */
  timestamps?: boolean;
  /** Open listen-only (`L`): the bus refuses frames from this client. */
  listenOnly?: boolean;
}

/** An error reply (BEL) or a missing reply to a command. */
export class SlcanCommandError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
    this.name = 'SlcanCommandError';
  }
}

/** The bus hub (qemu/bus/) refused this client, e.g. because it serves as many clients as it may. The
 *  hub says so in a notice line (`!` and the reason) before it closes the connection. */
export class SlcanRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`SLCAN: the bus refused this client: ${reason}`);
    this.name = 'SlcanRefusedError';
  }
}

/** A notice line from the bus hub starts with this character (no SLCAN reply or frame line does). */
export const HUB_NOTICE_PREFIX = '!';

interface PendingCommand {
  command: string;
  resolve: (reply: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Added to a timeout when nothing at all has answered: the usual cause is a single-client port. */
const FIRST_REPLY_HINT =
  " (nothing has answered on this connection: QEMU's serial port serves one client at a time, so" +
  ' join through the bus hub port that `bulkhead start` prints, which serves any number)';

function describeLine(line: string): string {
  return JSON.stringify(line);
}

/** Maps a bitrate in bit/s to its `Sn` code; throws naming the bitrate when it has none. */
export function bitrateCode(bitrate: number): number {
  const code = (SLCAN_BITRATES as readonly number[]).indexOf(bitrate);
  if (code < 0) throw new Error(`bitrate ${bitrate} is not an SLCAN bitrate (${SLCAN_BITRATES.join(', ')})`);
  return code;
}

export class SlcanClient extends EventEmitter<{
  frame: [CanMessage];
  /** A line the client could not decode (never expected from a correct bus). */
  'protocol-error': [string];
  close: [];
}> {
  private readonly parser = new SlcanParser();
  private readonly writer = new SlcanWriter();
  private readonly scratch = new CanFrame();
  private lineText = '';
  private readonly pending: PendingCommand[] = [];
  private readonly queued: CanMessage[] = [];
  private readonly waiters: { resolve: (f: CanMessage | null) => void }[] = [];
  private closed = false;
  /** Error replies received (also for commands that were not waiting any more). */
  errorReplies = 0;
  /** Replies received so far. */
  private answered = 0;
  /** Why the bus hub refused this client, once it said so. */
  refusal: SlcanRefusedError | null = null;

  private constructor(
    private readonly socket: Socket,
    /** Time allowed for each command's reply from now on. */
    public timeoutMs: number,
    private readonly queueFrames: boolean,
  ) {
    super();
    this.parser.acceptTimestamps = true;
    socket.on('data', (bytes: Buffer) => this.onBytes(bytes));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.onClose());
  }

  /** Connects to the bus at `host:port`. */
  static connect(host: string, port: number, options: SlcanClientOptions = {}): Promise<SlcanClient> {
    const timeoutMs = options.timeoutMs ?? 2000;
    return new Promise((resolve, reject) => {
      const socket = tcpConnect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`SLCAN: no connection to ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        resolve(new SlcanClient(socket, timeoutMs, options.queueFrames ?? true));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`SLCAN: cannot connect to ${host}:${port} (${err.message})`));
      });
    });
  }

  private onBytes(bytes: Buffer): void {
    for (const byte of bytes) {
      if (byte === SLCAN_BEL) {
        this.errorReplies++;
        // A BEL is a whole reply: drop any partial line so the parser stays in step with `lineText`.
        this.lineText = '';
        this.parser.length = 0;
        this.parser.overlong = false;
        this.settle(null);
        continue;
      }
      if (byte !== SLCAN_CR) this.lineText += String.fromCharCode(byte);
      if (!slcanFeed(this.parser, byte)) continue;
      const line = this.lineText;
      this.lineText = '';
      const first = line.charAt(0);
      if (first === HUB_NOTICE_PREFIX) {
        this.onRefusal(line.slice(1));
      } else if (first === 't' || first === 'T' || first === 'r' || first === 'R') {
        if (this.parser.command === SlcanCommand.Frame) this.deliver(this.messageOf(this.parser.frame));
        else this.emit('protocol-error', line);
      } else {
        this.settle(line);
      }
    }
  }

  private messageOf(frame: CanFrame): CanMessage {
    const message: CanMessage = {
      id: frame.id,
      extended: frame.extended,
      remote: frame.remote,
      dlc: frame.dlc,
      data: frame.remote ? new Uint8Array(0) : Uint8Array.from(frame.data.subarray(0, frame.dlc)),
      receivedAtUs: Math.round(performance.timeOrigin * 1000 + performance.now() * 1000),
    };
    if (frame.hasTimestamp) message.busTimestampMs = frame.timestamp;
    return message;
  }

  private deliver(message: CanMessage): void {
    this.emit('frame', message);
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter.resolve(message);
    else if (this.queueFrames) this.queued.push(message);
  }

  /** Resolves (reply line) or rejects (null: BEL) the oldest pending command. */
  private settle(reply: string | null): void {
    this.answered++;
    const head = this.pending.shift();
    if (head === undefined) {
      if (reply !== null && reply !== '') this.emit('protocol-error', reply);
      return;
    }
    clearTimeout(head.timer);
    if (reply === null)
      head.reject(
        new SlcanCommandError(head.command, `SLCAN: the bus refused ${describeLine(head.command)} (BEL)`),
      );
    else head.resolve(reply);
  }

  private onRefusal(reason: string): void {
    this.refusal = new SlcanRefusedError(reason);
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.reject(this.refusal);
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.reject(
        this.refusal ??
          new SlcanCommandError(
            p.command,
            `SLCAN: connection closed before the reply to ${describeLine(p.command)}`,
          ),
      );
    }
    for (const w of this.waiters.splice(0)) w.resolve(null);
    this.emit('close');
  }

  /** Sends one command line (without its CR) and resolves with the reply line (without CR). */
  command(line: string): Promise<string> {
    if (this.refusal !== null) return Promise.reject(this.refusal);
    if (this.closed)
      return Promise.reject(
        new SlcanCommandError(line, `SLCAN: connection closed, cannot send ${describeLine(line)}`),
      );
    return new Promise((resolve, reject) => {
      const entry: PendingCommand = {
        command: line,
        resolve,
        reject,
        timer: setTimeout(() => {
          const at = this.pending.indexOf(entry);
          if (at >= 0) this.pending.splice(at, 1);
          const first = this.answered === 0 ? FIRST_REPLY_HINT : '';
          reject(
            new SlcanCommandError(
              line,
              `SLCAN: no reply to ${describeLine(line)} within ${this.timeoutMs} ms${first}`,
            ),
          );
        }, this.timeoutMs),
      };
      this.pending.push(entry);
      this.socket.write(line + '\r');
    });
  }

  private async expectReply(line: string, wanted: RegExp): Promise<string> {
    const reply = await this.command(line);
    if (!wanted.test(reply))
      throw new SlcanCommandError(
        line,
        `SLCAN: unexpected reply ${describeLine(reply)} to ${describeLine(line)}`,
      );
    return reply;
  }

  /** Opens the channel: closes it first (a refusal there means it was closed already), sets bitrate and
   *  timestamps, then `O` (or `L`). */
  async open(options: OpenOptions = {}): Promise<void> {
    const code = bitrateCode(options.bitrate ?? 500_000);
    await this.command('C').catch((err: unknown) => {
      if (
        !(err instanceof SlcanCommandError) ||
        err.message.includes('within') ||
        err.message.includes('closed')
      )
        throw err;
    });
    await this.expectReply(`S${code}`, /^$/);
    await this.expectReply(`Z${options.timestamps === true ? 1 : 0}`, /^$/);
    await this.expectReply(options.listenOnly === true ? 'L' : 'O', /^$/);
  }

  /** Closes the channel (`C`). */
  async closeChannel(): Promise<void> {
    await this.expectReply('C', /^$/);
  }

  /** `V`: the version reply, e.g. `V0101`. */
  version(): Promise<string> {
    return this.expectReply('V', /^V[0-9A-Fa-f]{4}$/);
  }

  /** `N`: the serial-number reply, e.g. `NBH01`. */
  serial(): Promise<string> {
    return this.expectReply('N', /^N\w{4}$/);
  }

  /** `F`: the status flags (bit 3: a receive queue overflowed since the last query). */
  async status(): Promise<number> {
    return parseInt((await this.expectReply('F', /^F[0-9A-Fa-f]{2}$/)).slice(1), 16);
  }

  /** Sends `frame` and waits for the bus to acknowledge it (`z`/`Z`); a refusal rejects. */
  async send(frame: CanMessage): Promise<void> {
    checkCanMessage(frame);
    const f = this.scratch;
    f.id = frame.id;
    f.extended = frame.extended;
    f.remote = frame.remote;
    f.dlc = frame.dlc;
    f.data.fill(0);
    if (!frame.remote) f.data.set(frame.data);
    slcanWriterClear(this.writer);
    slcanPutFrame(this.writer, f, false, 0);
    const line = Buffer.from(this.writer.bytes.subarray(0, this.writer.length - 1)).toString('latin1');
    await this.expectReply(line, frame.extended ? /^Z$/ : /^z$/);
  }

  /** The next received frame, or an error after `timeoutMs` (default the client's timeout). */
  receive(timeoutMs = this.timeoutMs): Promise<CanMessage> {
    const ready = this.queued.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closed) return Promise.reject(new Error('SLCAN: connection closed'));
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (f: CanMessage | null) => {
          clearTimeout(timer);
          if (f === null) reject(new Error('SLCAN: connection closed while waiting for a frame'));
          else resolve(f);
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(new Error(`SLCAN: no frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Received frames until the connection closes. */
  async *frames(): AsyncGenerator<CanMessage> {
    for (;;) {
      const ready = this.queued.shift();
      if (ready !== undefined) {
        yield ready;
        continue;
      }
      if (this.closed) return;
      const next = await new Promise<CanMessage | null>((resolve) => this.waiters.push({ resolve }));
      if (next === null) return;
      yield next;
    }
  }

  /** Closes the TCP connection (the channel state on the bus is left as it is). */
  end(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 500).unref();
    });
  }
}
