// Job: host-side ISO-TP (ISO 15765-2) over a CAN link: normal addressing, 11-bit identifiers, classic
// CAN (8-byte frames). Sends messages of 1..4095 bytes as a single frame or first frame + consecutive
// frames paced by the receiver's flow control (block size, STmin, Wait, Overflow; N_Bs timeout);
// receives segmented messages answering with our own flow control (configurable BS and STmin; N_Cr
// timeout; sequence numbers checked) and delivers complete messages in order. Frames are padded with a
// configurable byte (default 0xAA) or sent as short as their content; unpadded frames are accepted.
// Reception failures are delivered to the receiver as errors that say what went wrong.
import { standardFrame, type CanLink } from './can-link.ts';
import type { CanMessage } from '../slcan/can-frame.ts';

export const ISOTP_MAX_MESSAGE = 4095;
const FRAME_BYTES = 8;
const SINGLE_FRAME_MAX = 7;
const FIRST_FRAME_PAYLOAD = 6;
const CONSECUTIVE_FRAME_PAYLOAD = 7;
const PCI_SINGLE = 0x0;
const PCI_FIRST = 0x1;
const PCI_CONSECUTIVE = 0x2;
const PCI_FLOW_CONTROL = 0x3;
const FLOW_CONTINUE = 0;
const FLOW_WAIT = 1;
const FLOW_OVERFLOW = 2;
const STMIN_MAX_MS = 0x7f;
const STMIN_MICRO_FIRST = 0xf1;
const STMIN_MICRO_LAST = 0xf9;

export interface IsoTpOptions {
  /** Identifier we send physical frames on (e.g. 0x7E0). */
  txId: number;
  /** Identifier of the peer's frames (e.g. 0x7E8). */
  rxId: number;
  /** Identifier for functional (single-frame) requests (e.g. 0x7DF); none by default. */
  functionalId?: number;
  /** Padding byte for unused frame bytes, or null to send frames as short as their content (default 0xAA). */
  padding?: number | null;
  /** Block size we announce in our flow control (default 0: the peer sends everything). */
  blockSize?: number;
  /** STmin we announce, raw ISO 15765-2 encoding (default 0). */
  stMin?: number;
  /** N_Bs: how long we wait for the peer's flow control, ms (default 1000). */
  nBsMs?: number;
  /** N_Cr: how long we wait for the peer's next consecutive frame, ms (default 1000). */
  nCrMs?: number;
  /** Wait frames accepted in a row before the transmission is abandoned (default 0: unlimited). */
  maxWaitFrames?: number;
}

/** A transmission or reception that failed; `message` says what happened. */
export class IsoTpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IsoTpError';
  }
}

/** A timeout waiting for a complete message. */
export class IsoTpTimeoutError extends IsoTpError {
  constructor(message: string) {
    super(message);
    this.name = 'IsoTpTimeoutError';
  }
}

interface FlowControl {
  status: number;
  blockSize: number;
  stMin: number;
}

type Delivery = { kind: 'message'; data: Uint8Array } | { kind: 'error'; error: IsoTpError };

function byteCheck(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff)
    throw new RangeError(`ISO-TP ${what} ${value} is not a byte (0..255)`);
  return value;
}

function idCheck(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0x7ff)
    throw new RangeError(`ISO-TP ${what} 0x${value.toString(16)} is not an 11-bit CAN identifier`);
  return value;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

/** STmin (raw encoding) in milliseconds as a sender must respect it (µs values round up to 1 ms;
 *  reserved values count as 127 ms, ISO 15765-2 9.6.5.4). */
export function stMinToMs(raw: number): number {
  if (raw <= STMIN_MAX_MS) return raw;
  if (raw >= STMIN_MICRO_FIRST && raw <= STMIN_MICRO_LAST) return 1;
  return STMIN_MAX_MS;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One ISO-TP endpoint (both directions of one address pair) on a CAN link. */
export class IsoTpChannel {
  readonly txId: number;
  readonly rxId: number;
  readonly functionalId: number | null;
  readonly padding: number | null;
  readonly blockSize: number;
  readonly stMin: number;
  readonly nBsMs: number;
  readonly nCrMs: number;
  readonly maxWaitFrames: number;
  /** Frames sent and received on this channel's identifiers (for tests and tracing). */
  readonly framesSent: CanMessage[] = [];
  readonly framesReceived: CanMessage[] = [];

  private readonly unsubscribe: () => void;
  private readonly inbox: Delivery[] = [];
  private readonly receivers: ((d: Delivery) => void)[] = [];
  // Reception state.
  private rxBuffer: Uint8Array | null = null;
  private rxOffset = 0;
  private rxNextSequence = 0;
  private rxBlockCount = 0;
  private rxTimer: NodeJS.Timeout | null = null;
  // Transmission state.
  private sending = false;
  private flowControls: FlowControl[] = [];
  private flowWaiter: ((fc: FlowControl) => void) | null = null;
  private closed = false;

  constructor(
    private readonly link: CanLink,
    options: IsoTpOptions,
  ) {
    this.txId = idCheck(options.txId, 'txId');
    this.rxId = idCheck(options.rxId, 'rxId');
    this.functionalId =
      options.functionalId === undefined ? null : idCheck(options.functionalId, 'functionalId');
    this.padding =
      options.padding === undefined
        ? 0xaa
        : options.padding === null
          ? null
          : byteCheck(options.padding, 'padding');
    this.blockSize = byteCheck(options.blockSize ?? 0, 'blockSize');
    this.stMin = byteCheck(options.stMin ?? 0, 'stMin');
    this.nBsMs = options.nBsMs ?? 1000;
    this.nCrMs = options.nCrMs ?? 1000;
    this.maxWaitFrames = options.maxWaitFrames ?? 0;
    this.unsubscribe = link.subscribe((frame) => this.onFrame(frame));
  }

  /** Stops listening; pending receivers get an error. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.stopRxTimer();
    for (const r of this.receivers.splice(0))
      r({ kind: 'error', error: new IsoTpError('ISO-TP channel closed') });
  }

  /** Drops complete messages and errors nobody has collected yet (e.g. late answers); returns how many. */
  discardPending(): number {
    return this.inbox.splice(0).length;
  }

  /** Sends `payload` (1..4095 bytes). Functional sends are single frames only (ISO 15765-2). */
  async send(payload: Uint8Array, options: { functional?: boolean } = {}): Promise<void> {
    const length = payload.length;
    if (length === 0 || length > ISOTP_MAX_MESSAGE)
      throw new IsoTpError(`ISO-TP: message length ${length} is outside 1..${ISOTP_MAX_MESSAGE}`);
    if (options.functional === true) {
      if (this.functionalId === null) throw new IsoTpError('ISO-TP: no functional identifier configured');
      if (length > SINGLE_FRAME_MAX)
        throw new IsoTpError(
          `ISO-TP: a functional request must fit a single frame (at most ${SINGLE_FRAME_MAX} bytes), got ${length}`,
        );
      await this.sendFrame(this.functionalId, [length, ...payload]);
      return;
    }
    if (this.sending) throw new IsoTpError('ISO-TP: a transmission is already in progress');
    this.sending = true;
    try {
      if (length <= SINGLE_FRAME_MAX) {
        await this.sendFrame(this.txId, [PCI_SINGLE | length, ...payload]);
        return;
      }
      await this.sendSegmented(payload);
    } finally {
      this.sending = false;
      this.flowControls = [];
      this.flowWaiter = null;
    }
  }

  private async sendSegmented(payload: Uint8Array): Promise<void> {
    const length = payload.length;
    this.flowControls = [];
    await this.sendFrame(this.txId, [
      (PCI_FIRST << 4) | (length >> 8),
      length & 0xff,
      ...payload.subarray(0, FIRST_FRAME_PAYLOAD),
    ]);
    let offset = FIRST_FRAME_PAYLOAD;
    let sequence = 1;
    let lastConsecutive = 0;
    for (;;) {
      const fc = await this.awaitContinue(length, offset);
      const gapMs = stMinToMs(fc.stMin);
      let inBlock = 0;
      while (offset < length) {
        // Timers may fire up to a millisecond early against performance.now(): re-check.
        while (lastConsecutive !== 0 && performance.now() < lastConsecutive + gapMs) {
          await sleep(Math.max(1, Math.ceil(lastConsecutive + gapMs - performance.now())));
        }
        const count = Math.min(CONSECUTIVE_FRAME_PAYLOAD, length - offset);
        const isBlockEnd = fc.blockSize !== 0 && inBlock + 1 === fc.blockSize && offset + count < length;
        if (isBlockEnd) this.flowControls = [];
        await this.sendFrame(this.txId, [
          (PCI_CONSECUTIVE << 4) | sequence,
          ...payload.subarray(offset, offset + count),
        ]);
        lastConsecutive = performance.now();
        offset += count;
        sequence = (sequence + 1) & 0x0f;
        inBlock++;
        if (isBlockEnd) break;
      }
      if (offset >= length) return;
    }
  }

  /** Waits for a ContinueToSend flow control (Wait frames restart N_Bs). */
  private async awaitContinue(length: number, offset: number): Promise<FlowControl> {
    let waits = 0;
    for (;;) {
      const fc = await this.nextFlowControl(length, offset);
      if (fc.status === FLOW_CONTINUE) return fc;
      if (fc.status === FLOW_WAIT) {
        waits++;
        if (this.maxWaitFrames !== 0 && waits > this.maxWaitFrames)
          throw new IsoTpError(
            `ISO-TP: sending ${length} bytes to 0x${this.txId.toString(16)}: more than ${this.maxWaitFrames} Wait flow controls in a row`,
          );
        continue;
      }
      if (fc.status === FLOW_OVERFLOW)
        throw new IsoTpError(
          `ISO-TP: sending ${length} bytes to 0x${this.txId.toString(16)}: the receiver answered Overflow`,
        );
      throw new IsoTpError(
        `ISO-TP: sending ${length} bytes to 0x${this.txId.toString(16)}: flow control with reserved status ${fc.status}`,
      );
    }
  }

  private nextFlowControl(length: number, offset: number): Promise<FlowControl> {
    const ready = this.flowControls.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.flowWaiter = null;
        reject(
          new IsoTpError(
            `ISO-TP: sending ${length} bytes to 0x${this.txId.toString(16)}: no flow control from 0x${this.rxId.toString(16)} within N_Bs ${this.nBsMs} ms (${offset} bytes sent)`,
          ),
        );
      }, this.nBsMs);
      this.flowWaiter = (fc) => {
        clearTimeout(timer);
        this.flowWaiter = null;
        resolve(fc);
      };
    });
  }

  /** The next complete message (or the reception error that came first), within `timeoutMs`. */
  receive(timeoutMs: number): Promise<Uint8Array> {
    const ready = this.inbox.shift();
    if (ready !== undefined)
      return ready.kind === 'message' ? Promise.resolve(ready.data) : Promise.reject(ready.error);
    if (this.closed) return Promise.reject(new IsoTpError('ISO-TP channel closed'));
    return new Promise((resolve, reject) => {
      const receiver = (d: Delivery): void => {
        clearTimeout(timer);
        if (d.kind === 'message') resolve(d.data);
        else reject(d.error);
      };
      const timer = setTimeout(() => {
        const at = this.receivers.indexOf(receiver);
        if (at >= 0) this.receivers.splice(at, 1);
        const progress =
          this.rxBuffer === null
            ? ''
            : ` (segmented reception at ${this.rxOffset} of ${this.rxBuffer.length} bytes)`;
        reject(
          new IsoTpTimeoutError(
            `ISO-TP: no message from 0x${this.rxId.toString(16)} within ${timeoutMs} ms${progress}`,
          ),
        );
      }, timeoutMs);
      this.receivers.push(receiver);
    });
  }

  private deliver(d: Delivery): void {
    const receiver = this.receivers.shift();
    if (receiver !== undefined) receiver(d);
    else this.inbox.push(d);
  }

  private fail(message: string): void {
    this.deliver({ kind: 'error', error: new IsoTpError(message) });
  }

  private async sendFrame(id: number, content: number[]): Promise<void> {
    const bytes =
      this.padding === null
        ? content
        : [...content, ...new Array<number>(FRAME_BYTES - content.length).fill(this.padding)];
    const frame = standardFrame(id, Uint8Array.from(bytes));
    this.framesSent.push(frame);
    await this.link.send(frame);
  }

  private sendFlowControl(status: number): void {
    this.sendFrame(this.txId, [(PCI_FLOW_CONTROL << 4) | status, this.blockSize, this.stMin]).catch(
      (err: unknown) => {
        this.fail(`ISO-TP: flow control to 0x${this.txId.toString(16)} not sent: ${(err as Error).message}`);
      },
    );
  }

  private stopRxTimer(): void {
    if (this.rxTimer !== null) clearTimeout(this.rxTimer);
    this.rxTimer = null;
  }

  private startRxTimer(): void {
    this.stopRxTimer();
    this.rxTimer = setTimeout(() => {
      this.rxTimer = null;
      const buffer = this.rxBuffer;
      if (buffer === null) return;
      this.rxBuffer = null;
      this.fail(
        `ISO-TP: reception from 0x${this.rxId.toString(16)} aborted: no consecutive frame within N_Cr ${this.nCrMs} ms (${this.rxOffset} of ${buffer.length} bytes)`,
      );
    }, this.nCrMs);
  }

  private onFrame(frame: CanMessage): void {
    if (frame.extended || frame.remote || frame.id !== this.rxId || frame.dlc === 0) return;
    this.framesReceived.push(frame);
    const data = frame.data;
    const type = data[0] >> 4;
    if (type === PCI_SINGLE) this.onSingle(data);
    else if (type === PCI_FIRST) this.onFirst(data);
    else if (type === PCI_CONSECUTIVE) this.onConsecutive(data);
    else if (type === PCI_FLOW_CONTROL) this.onFlowControl(data);
  }

  private interrupt(by: string): void {
    if (this.rxBuffer === null) return;
    const buffer = this.rxBuffer;
    this.rxBuffer = null;
    this.stopRxTimer();
    this.fail(
      `ISO-TP: reception from 0x${this.rxId.toString(16)} interrupted by a ${by} (${this.rxOffset} of ${buffer.length} bytes)`,
    );
  }

  private onSingle(data: Uint8Array): void {
    const length = data[0] & 0x0f;
    if (length === 0 || length > SINGLE_FRAME_MAX || length + 1 > data.length) return;
    this.interrupt('single frame');
    this.deliver({ kind: 'message', data: Uint8Array.from(data.subarray(1, 1 + length)) });
  }

  private onFirst(data: Uint8Array): void {
    if (data.length < FRAME_BYTES) return;
    let length = ((data[0] & 0x0f) << 8) | data[1];
    if (length === 0) {
      length = ((data[2] << 24) | (data[3] << 16) | (data[4] << 8) | data[5]) >>> 0;
      if (length <= ISOTP_MAX_MESSAGE) return;
    }
    if (length > ISOTP_MAX_MESSAGE) {
      this.interrupt('first frame');
      this.sendFlowControl(FLOW_OVERFLOW);
      this.fail(
        `ISO-TP: first frame from 0x${this.rxId.toString(16)} announces ${length} bytes: answered Overflow`,
      );
      return;
    }
    if (length <= SINGLE_FRAME_MAX) return;
    this.interrupt('first frame');
    this.rxBuffer = new Uint8Array(length);
    this.rxBuffer.set(data.subarray(2, 2 + FIRST_FRAME_PAYLOAD));
    this.rxOffset = FIRST_FRAME_PAYLOAD;
    this.rxNextSequence = 1;
    this.rxBlockCount = 0;
    this.sendFlowControl(FLOW_CONTINUE);
    this.startRxTimer();
  }

  private onConsecutive(data: Uint8Array): void {
    const buffer = this.rxBuffer;
    if (buffer === null) return;
    const count = Math.min(CONSECUTIVE_FRAME_PAYLOAD, buffer.length - this.rxOffset);
    if (data.length < 1 + count) return;
    const sequence = data[0] & 0x0f;
    if (sequence !== this.rxNextSequence) {
      this.rxBuffer = null;
      this.stopRxTimer();
      this.fail(
        `ISO-TP: reception from 0x${this.rxId.toString(16)} aborted: consecutive frame ${sequence} where ${this.rxNextSequence} was due (${this.rxOffset} of ${buffer.length} bytes; frame ${hex(data)})`,
      );
      return;
    }
    buffer.set(data.subarray(1, 1 + count), this.rxOffset);
    this.rxOffset += count;
    this.rxNextSequence = (this.rxNextSequence + 1) & 0x0f;
    if (this.rxOffset >= buffer.length) {
      this.rxBuffer = null;
      this.stopRxTimer();
      this.deliver({ kind: 'message', data: buffer });
      return;
    }
    this.rxBlockCount++;
    if (this.blockSize !== 0 && this.rxBlockCount >= this.blockSize) {
      this.rxBlockCount = 0;
      this.sendFlowControl(FLOW_CONTINUE);
    }
    this.startRxTimer();
  }

  private onFlowControl(data: Uint8Array): void {
    if (!this.sending || data.length < 3) return;
    const fc: FlowControl = { status: data[0] & 0x0f, blockSize: data[1], stMin: data[2] };
    if (this.flowWaiter !== null) this.flowWaiter(fc);
    else this.flowControls.push(fc);
  }
}
