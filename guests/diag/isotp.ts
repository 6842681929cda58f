// ISO-TP (ISO 15765-2) transport for one address pair: normal addressing, 11-bit identifiers,
// classic CAN with 8-byte frames. Pure logic in the TS subset (no I/O, no allocation): received frames
// go in through `receiveFrame`, frames to send come out of `poll` into a caller-provided 8-byte buffer,
// time is a tick counter the caller passes in. Runs unchanged in Node (tests) and transpiled to C
// (diagnostic guest). Frame formats, parameters, timers and error handling: guests/diag/ISOTP.md.
//
// One instance serves both directions of one address pair (for example request 0x7E0 in, response
// 0x7E8 out): frames received on the peer's identifier are passed to `receiveFrame`, every frame
// `poll` produces is sent on our identifier. Segmented messages up to 4095 bytes; flow control (block
// size, STmin, Wait, Overflow) in both directions; N_Bs and N_Cr timeouts; malformed frames ignored or
// aborting the reception as the standard says. Outcomes are reported as events (`nextEvent`).
import {
  bool,
  checkIndex,
  checkRange,
  div,
  loadU16BE,
  loadU32BE,
  mul,
  u32,
  u8,
} from '../../transpiler/runtime/index.ts';

/** Largest message: the 12-bit length of a first frame. */
export const ISOTP_MAX_MESSAGE = 4095;
/** Bytes of a classic CAN frame. */
export const ISOTP_FRAME_BYTES = 8;
/** Default padding byte for unused frame bytes. */
export const ISOTP_DEFAULT_PADDING = 0xaa;
/** Default N_Bs and N_Cr timeouts in milliseconds. */
export const ISOTP_DEFAULT_TIMEOUT_MS = 1000;
/** Largest payload of a single frame (normal addressing, classic CAN). */
export const ISOTP_SINGLE_FRAME_MAX = 7;
/** Payload bytes of a first frame and at most of a consecutive frame. */
const FIRST_FRAME_PAYLOAD = 6;
const CONSECUTIVE_FRAME_PAYLOAD = 7;

/** Protocol control information type: high nibble of byte 0. */
export const PCI_SINGLE_FRAME = 0;
export const PCI_FIRST_FRAME = 1;
export const PCI_CONSECUTIVE_FRAME = 2;
export const PCI_FLOW_CONTROL = 3;
/** Flow status: low nibble of a flow-control frame's byte 0. */
export const FLOW_STATUS_CONTINUE = 0;
export const FLOW_STATUS_WAIT = 1;
export const FLOW_STATUS_OVERFLOW = 2;
/** STmin encodings: 0x00..0x7F milliseconds, 0xF1..0xF9 hundreds of microseconds, others reserved
 *  (a sender treats a reserved value as 0x7F). */
const STMIN_MAX_MS = 0x7f;
const STMIN_MICRO_FIRST = 0xf1;
const STMIN_MICRO_LAST = 0xf9;
const STMIN_MICRO_BASE = 0xf0;
const MICROSECONDS_PER_STEP = 100;
const MICROSECONDS_PER_MS = 1000;

/** Events reported by `nextEvent` (0: none pending). */
export const ISOTP_EVENT_NONE = 0;
/** A complete message is in `rxBuffer[0 .. rxMessageLength)`. */
export const ISOTP_EVENT_RX_COMPLETE = 1;
/** A single or first frame arrived during a segmented reception: that reception was dropped. */
export const ISOTP_EVENT_RX_INTERRUPTED = 2;
/** A consecutive frame carried the wrong sequence number: reception aborted. */
export const ISOTP_EVENT_RX_WRONG_SEQUENCE = 3;
/** N_Cr expired (no consecutive frame in time): reception aborted. */
export const ISOTP_EVENT_RX_TIMEOUT = 4;
/** A first frame announced more than 4095 bytes: answered with flow control Overflow. */
export const ISOTP_EVENT_RX_TOO_LONG = 5;
/** The message passed to `send` has been sent completely. */
export const ISOTP_EVENT_TX_COMPLETE = 8;
/** N_Bs expired (no flow control in time): transmission aborted. */
export const ISOTP_EVENT_TX_TIMEOUT = 9;
/** The receiver answered flow control Overflow: transmission aborted. */
export const ISOTP_EVENT_TX_OVERFLOW = 10;
/** A flow-control frame with a reserved flow status: transmission aborted. */
export const ISOTP_EVENT_TX_INVALID_FLOW_STATUS = 11;
/** More Wait frames than `maxWaitFrames` in a row: transmission aborted. */
export const ISOTP_EVENT_TX_WAIT_LIMIT = 12;

const EVENT_QUEUE_MASK = 15;

export enum IsoTpRxState {
  Idle,
  Receiving,
}

export enum IsoTpTxState {
  Idle,
  SendSingle,
  SendFirst,
  WaitFlowControl,
  SendConsecutive,
}

/** Reads byte `index` of a frame the caller has already checked to be long enough. */
function frameByte(data: Uint8Array, index: u32): u32 {
  return u32(data[checkIndex(index, data.length)]);
}

/** One ISO-TP transport endpoint (both directions of one address pair). */
export class IsoTp {
  // Configuration (set before use; see ISOTP.md).
  /** Block size announced in our flow-control frames (0: no further flow control). */
  blockSize: u8 = 0;
  /** STmin announced in our flow-control frames (raw ISO 15765-2 encoding). */
  stMin: u8 = 0;
  /** Byte filling unused frame bytes when padding is on. */
  padding: u8 = ISOTP_DEFAULT_PADDING;
  /** Padding on: every frame sent is 8 bytes; off: frames are as short as their content. */
  paddingEnabled: bool = true;
  /** Ticks of the caller's tick counter per millisecond (at least 1). */
  ticksPerMs: u32 = 1;
  /** N_Bs: how long the sender waits for a flow-control frame, in milliseconds. */
  nBsMs: u32 = ISOTP_DEFAULT_TIMEOUT_MS;
  /** N_Cr: how long the receiver waits for a consecutive frame, in milliseconds. */
  nCrMs: u32 = ISOTP_DEFAULT_TIMEOUT_MS;
  /** Wait frames accepted in a row before the sender gives up (0: unlimited). */
  maxWaitFrames: u32 = 0;

  // Reception.
  rxState: IsoTpRxState = IsoTpRxState.Idle;
  /** Message being received; after ISOTP_EVENT_RX_COMPLETE, the complete message. */
  rxBuffer: Uint8Array = new Uint8Array(ISOTP_MAX_MESSAGE);
  /** Length of the last complete message (0 while none is available). */
  rxMessageLength: u32 = 0;
  rxExpectedLength: u32 = 0;
  rxOffset: u32 = 0;
  rxNextSequence: u32 = 0;
  rxBlockCount: u32 = 0;
  rxTimerStart: u32 = 0;
  rxFlowPending: bool = false;
  rxFlowStatus: u32 = 0;

  // Transmission.
  txState: IsoTpTxState = IsoTpTxState.Idle;
  txBuffer: Uint8Array = new Uint8Array(ISOTP_MAX_MESSAGE);
  txLength: u32 = 0;
  txOffset: u32 = 0;
  txNextSequence: u32 = 0;
  /** Block size and STmin (in ticks) from the receiver's last ContinueToSend. */
  txBlockSize: u32 = 0;
  txBlockCount: u32 = 0;
  txStMinTicks: u32 = 0;
  txLastConsecutiveTick: u32 = 0;
  txStMinPending: bool = false;
  txTimerStart: u32 = 0;
  txWaitCount: u32 = 0;

  // Events.
  events: Uint8Array = new Uint8Array(16);
  eventHead: u32 = 0;
  eventCount: u32 = 0;
  /** Events dropped because the queue was full. */
  eventsLost: u32 = 0;

  /** Sets the flow-control parameters we announce as receiver. */
  configureReceiver(blockSize: u8, stMin: u8): void {
    this.blockSize = blockSize;
    this.stMin = stMin;
  }

  /** Sets padding on/off and the padding byte. */
  configurePadding(enabled: bool, padding: u8): void {
    this.paddingEnabled = enabled;
    this.padding = padding;
  }

  /** Sets the tick rate and the N_Bs / N_Cr timeouts (milliseconds). A tick rate of 0 counts as 1. */
  configureTiming(ticksPerMs: u32, nBsMs: u32, nCrMs: u32): void {
    this.ticksPerMs = ticksPerMs === 0 ? 1 : ticksPerMs;
    this.nBsMs = nBsMs;
    this.nCrMs = nCrMs;
  }

  /** Drops any reception and transmission in progress and all pending events. */
  reset(): void {
    this.rxState = IsoTpRxState.Idle;
    this.rxFlowPending = false;
    this.rxMessageLength = 0;
    this.txState = IsoTpTxState.Idle;
    this.eventHead = 0;
    this.eventCount = 0;
  }

  /** Next pending event (ISOTP_EVENT_*), or ISOTP_EVENT_NONE. */
  nextEvent(): u32 {
    if (this.eventCount === 0) {
      return ISOTP_EVENT_NONE;
    }
    const event = u32(this.events[this.eventHead & EVENT_QUEUE_MASK]);
    this.eventHead = u32(u32(this.eventHead + 1) & EVENT_QUEUE_MASK);
    this.eventCount = u32(this.eventCount - 1);
    return event;
  }

  /** True while a message passed to `send` is still being sent. */
  sending(): bool {
    return this.txState !== IsoTpTxState.Idle;
  }

  /** Starts sending `data[0 .. length)`. Returns false (and sends nothing) when a transmission is in
   *  progress, the length is 0 or above 4095, or `data` is shorter than `length`. */
  send(data: Uint8Array, length: u32): bool {
    if (
      this.txState !== IsoTpTxState.Idle ||
      length === 0 ||
      length > ISOTP_MAX_MESSAGE ||
      length > data.length
    ) {
      return false;
    }
    for (let i: u32 = 0; i < length; i++) {
      this.txBuffer[checkIndex(i, this.txBuffer.length)] = data[checkIndex(i, data.length)];
    }
    this.txLength = length;
    this.txOffset = 0;
    this.txWaitCount = 0;
    this.txStMinPending = false;
    this.txState = length <= ISOTP_SINGLE_FRAME_MAX ? IsoTpTxState.SendSingle : IsoTpTxState.SendFirst;
    return true;
  }

  /** Handles one frame received from the peer: `data` holds it, `dlc` (0..8) its length; `now` is
   *  the current tick. Frames that are malformed or unexpected are ignored; nothing here throws. */
  receiveFrame(data: Uint8Array, dlc: u32, now: u32): void {
    if (dlc === 0 || dlc > ISOTP_FRAME_BYTES || dlc > data.length) {
      return;
    }
    const pciType = u32(frameByte(data, 0) >>> 4);
    if (pciType === PCI_SINGLE_FRAME) {
      this.receiveSingle(data, dlc);
    } else if (pciType === PCI_FIRST_FRAME) {
      this.receiveFirst(data, dlc, now);
    } else if (pciType === PCI_CONSECUTIVE_FRAME) {
      this.receiveConsecutive(data, dlc, now);
    } else if (pciType === PCI_FLOW_CONTROL) {
      this.receiveFlowControl(data, dlc, now);
    }
  }

  /** Produces the next frame to send at tick `now` into `out` (at least 8 bytes) and returns its DLC,
   *  or 0 when nothing is due. Also runs the N_Bs and N_Cr timers. Call it until it returns 0. */
  poll(now: u32, out: Uint8Array): u32 {
    if (out.length < ISOTP_FRAME_BYTES) {
      return 0;
    }
    if (
      this.rxState === IsoTpRxState.Receiving &&
      !this.rxFlowPending &&
      u32(now - this.rxTimerStart) >= this.timeoutTicks(this.nCrMs)
    ) {
      this.rxState = IsoTpRxState.Idle;
      this.pushEvent(ISOTP_EVENT_RX_TIMEOUT);
    }
    if (
      this.txState === IsoTpTxState.WaitFlowControl &&
      u32(now - this.txTimerStart) >= this.timeoutTicks(this.nBsMs)
    ) {
      this.txState = IsoTpTxState.Idle;
      this.pushEvent(ISOTP_EVENT_TX_TIMEOUT);
    }
    if (this.rxFlowPending) {
      this.rxFlowPending = false;
      this.rxTimerStart = now;
      out[checkIndex(0, out.length)] = u8(u32(PCI_FLOW_CONTROL << 4) | this.rxFlowStatus);
      out[checkIndex(1, out.length)] = this.blockSize;
      out[checkIndex(2, out.length)] = this.stMin;
      return this.finishFrame(out, 3);
    }
    if (this.txState === IsoTpTxState.SendSingle) {
      out[checkIndex(0, out.length)] = u8(this.txLength);
      this.copyOut(out, 1, this.txLength);
      this.txState = IsoTpTxState.Idle;
      this.pushEvent(ISOTP_EVENT_TX_COMPLETE);
      return this.finishFrame(out, u32(this.txLength + 1));
    }
    if (this.txState === IsoTpTxState.SendFirst) {
      out[checkIndex(0, out.length)] = u8(u32(PCI_FIRST_FRAME << 4) | u32(this.txLength >>> 8));
      out[checkIndex(1, out.length)] = u8(this.txLength & 0xff);
      this.txOffset = 0;
      this.copyOut(out, 2, FIRST_FRAME_PAYLOAD);
      this.txNextSequence = 1;
      this.txState = IsoTpTxState.WaitFlowControl;
      this.txTimerStart = now;
      return ISOTP_FRAME_BYTES;
    }
    if (this.txState === IsoTpTxState.SendConsecutive) {
      if (this.txStMinPending && u32(now - this.txLastConsecutiveTick) < this.txStMinTicks) {
        return 0;
      }
      const remaining = u32(this.txLength - this.txOffset);
      const count = remaining < CONSECUTIVE_FRAME_PAYLOAD ? remaining : CONSECUTIVE_FRAME_PAYLOAD;
      out[checkIndex(0, out.length)] = u8(u32(PCI_CONSECUTIVE_FRAME << 4) | this.txNextSequence);
      this.copyOut(out, 1, count);
      this.txNextSequence = u32(u32(this.txNextSequence + 1) & 0x0f);
      this.txLastConsecutiveTick = now;
      this.txStMinPending = true;
      if (this.txOffset >= this.txLength) {
        this.txState = IsoTpTxState.Idle;
        this.pushEvent(ISOTP_EVENT_TX_COMPLETE);
      } else if (this.txBlockSize !== 0) {
        this.txBlockCount = u32(this.txBlockCount + 1);
        if (this.txBlockCount >= this.txBlockSize) {
          this.txState = IsoTpTxState.WaitFlowControl;
          this.txTimerStart = now;
          this.txWaitCount = 0;
        }
      }
      return this.finishFrame(out, u32(count + 1));
    }
    return 0;
  }

  /** STmin (raw encoding) in ticks, rounded up; reserved values count as 0x7F ms. */
  stMinTicks(raw: u32): u32 {
    if (raw <= STMIN_MAX_MS) {
      return u32(mul(raw, this.ticksPerMs));
    }
    if (raw >= STMIN_MICRO_FIRST && raw <= STMIN_MICRO_LAST) {
      const microseconds = u32(u32(raw - STMIN_MICRO_BASE) * MICROSECONDS_PER_STEP);
      return div(
        u32(u32(mul(microseconds, this.ticksPerMs)) + (MICROSECONDS_PER_MS - 1)),
        MICROSECONDS_PER_MS,
      );
    }
    return u32(mul(STMIN_MAX_MS, this.ticksPerMs));
  }

  private timeoutTicks(ms: u32): u32 {
    return u32(mul(ms, this.ticksPerMs));
  }

  private pushEvent(event: u32): void {
    if (this.eventCount >= this.events.length) {
      this.eventsLost = u32(this.eventsLost + 1);
      return;
    }
    this.events[u32(this.eventHead + this.eventCount) & EVENT_QUEUE_MASK] = u8(event);
    this.eventCount = u32(this.eventCount + 1);
  }

  /** Copies `count` bytes of the message being sent (from txOffset) to `out[at ..]`, advancing. */
  private copyOut(out: Uint8Array, at: u32, count: u32): void {
    for (let i: u32 = 0; i < count; i++) {
      out[checkIndex(u32(at + i), out.length)] =
        this.txBuffer[checkIndex(u32(this.txOffset + i), this.txBuffer.length)];
    }
    this.txOffset = u32(this.txOffset + count);
  }

  /** Copies `count` bytes of the frame from `data[at ..]` to the reception buffer, advancing. */
  private copyIn(data: Uint8Array, at: u32, count: u32): void {
    for (let i: u32 = 0; i < count; i++) {
      this.rxBuffer[checkIndex(u32(this.rxOffset + i), this.rxBuffer.length)] =
        data[checkIndex(u32(at + i), data.length)];
    }
    this.rxOffset = u32(this.rxOffset + count);
  }

  /** Pads the frame after `used` bytes when padding is on; returns the DLC. */
  private finishFrame(out: Uint8Array, used: u32): u32 {
    if (!this.paddingEnabled) {
      return used;
    }
    for (let i: u32 = used; i < ISOTP_FRAME_BYTES; i++) {
      out[checkIndex(i, out.length)] = this.padding;
    }
    return ISOTP_FRAME_BYTES;
  }

  /** A single or first frame arrived: a segmented reception in progress is dropped and reported. */
  private interruptReception(): void {
    if (this.rxState === IsoTpRxState.Receiving) {
      this.rxState = IsoTpRxState.Idle;
      this.rxFlowPending = false;
      this.pushEvent(ISOTP_EVENT_RX_INTERRUPTED);
    }
  }

  private receiveSingle(data: Uint8Array, dlc: u32): void {
    const length = u32(frameByte(data, 0) & 0x0f);
    if (length === 0 || length > ISOTP_SINGLE_FRAME_MAX || u32(length + 1) > dlc) {
      return;
    }
    this.interruptReception();
    this.rxOffset = 0;
    this.copyIn(data, 1, length);
    this.rxMessageLength = length;
    this.pushEvent(ISOTP_EVENT_RX_COMPLETE);
  }

  private receiveFirst(data: Uint8Array, dlc: u32, now: u32): void {
    if (dlc < ISOTP_FRAME_BYTES) {
      return;
    }
    checkRange(0, ISOTP_FRAME_BYTES, data.length);
    const length = u32(loadU16BE(data, 0) & 0x0fff);
    if (length === 0) {
      // Escape sequence: a 32-bit length follows; only lengths above 4095 are valid there.
      const longLength = loadU32BE(data, 2);
      if (longLength <= ISOTP_MAX_MESSAGE) {
        return;
      }
      this.interruptReception();
      this.rxFlowStatus = FLOW_STATUS_OVERFLOW;
      this.rxFlowPending = true;
      this.pushEvent(ISOTP_EVENT_RX_TOO_LONG);
      return;
    }
    if (length <= ISOTP_SINGLE_FRAME_MAX) {
      return;
    }
    this.interruptReception();
    this.rxMessageLength = 0;
    this.rxExpectedLength = length;
    this.rxOffset = 0;
    this.copyIn(data, 2, FIRST_FRAME_PAYLOAD);
    this.rxNextSequence = 1;
    this.rxBlockCount = 0;
    this.rxState = IsoTpRxState.Receiving;
    this.rxTimerStart = now;
    this.rxFlowStatus = FLOW_STATUS_CONTINUE;
    this.rxFlowPending = true;
  }

  private receiveConsecutive(data: Uint8Array, dlc: u32, now: u32): void {
    if (this.rxState !== IsoTpRxState.Receiving) {
      return;
    }
    const remaining = u32(this.rxExpectedLength - this.rxOffset);
    const count = remaining < CONSECUTIVE_FRAME_PAYLOAD ? remaining : CONSECUTIVE_FRAME_PAYLOAD;
    if (u32(count + 1) > dlc) {
      return;
    }
    if (u32(frameByte(data, 0) & 0x0f) !== this.rxNextSequence) {
      this.rxState = IsoTpRxState.Idle;
      this.rxFlowPending = false;
      this.pushEvent(ISOTP_EVENT_RX_WRONG_SEQUENCE);
      return;
    }
    this.copyIn(data, 1, count);
    this.rxNextSequence = u32(u32(this.rxNextSequence + 1) & 0x0f);
    this.rxTimerStart = now;
    if (this.rxOffset >= this.rxExpectedLength) {
      this.rxState = IsoTpRxState.Idle;
      this.rxFlowPending = false;
      this.rxMessageLength = this.rxExpectedLength;
      this.pushEvent(ISOTP_EVENT_RX_COMPLETE);
      return;
    }
    if (this.blockSize !== 0) {
      this.rxBlockCount = u32(this.rxBlockCount + 1);
      if (this.rxBlockCount >= this.blockSize) {
        this.rxBlockCount = 0;
        this.rxFlowStatus = FLOW_STATUS_CONTINUE;
        this.rxFlowPending = true;
      }
    }
  }

  private receiveFlowControl(data: Uint8Array, dlc: u32, now: u32): void {
    if (dlc < 3 || this.txState !== IsoTpTxState.WaitFlowControl) {
      return;
    }
    const status = u32(frameByte(data, 0) & 0x0f);
    if (status === FLOW_STATUS_CONTINUE) {
      this.txBlockSize = frameByte(data, 1);
      this.txStMinTicks = this.stMinTicks(frameByte(data, 2));
      this.txBlockCount = 0;
      this.txWaitCount = 0;
      this.txState = IsoTpTxState.SendConsecutive;
    } else if (status === FLOW_STATUS_WAIT) {
      this.txWaitCount = u32(this.txWaitCount + 1);
      if (this.maxWaitFrames !== 0 && this.txWaitCount > this.maxWaitFrames) {
        this.txState = IsoTpTxState.Idle;
        this.pushEvent(ISOTP_EVENT_TX_WAIT_LIMIT);
      } else {
        this.txTimerStart = now;
      }
    } else if (status === FLOW_STATUS_OVERFLOW) {
      this.txState = IsoTpTxState.Idle;
      this.pushEvent(ISOTP_EVENT_TX_OVERFLOW);
    } else {
      this.txState = IsoTpTxState.Idle;
      this.pushEvent(ISOTP_EVENT_TX_INVALID_FLOW_STATUS);
    }
  }
}
