// Job: watch the CAN bus passively and turn the diagnostic traffic into UDS transactions: reassembles
// ISO-TP messages (ISO 15765-2 single, first and consecutive frames; flow control ignored) on the
// request identifiers (physical and functional) and the response identifier, pairs each request with the
// responses that follow it (a 0x78 "response pending" answer keeps the request open) and reports each
// finished pair, or a request that got no answer within the timeout.
import type { CanMessage } from '../qemu/slcan/can-frame.ts';
import { describeRequest, hexBytes, serviceName } from '../qemu/uds/errors.ts';
import { describeNrc, NEGATIVE_RESPONSE_SID, NRC_RESPONSE_PENDING } from '../qemu/uds/nrc.ts';

export interface UdsIdentifiers {
  physicalRequest: number;
  functionalRequest: number;
  response: number;
}

/** The demo's diagnostic identifiers (docs/DESIGN.md "Diagnostic contract"). */
export const DEMO_UDS_IDS: UdsIdentifiers = {
  physicalRequest: 0x7e0,
  functionalRequest: 0x7df,
  response: 0x7e8,
};

export interface UdsTransaction {
  request: Uint8Array;
  /** The final response, or null when none came in time. */
  response: Uint8Array | null;
  /** One line saying what happened. */
  text: string;
}

/** Reassembles one direction's ISO-TP messages. */
class IsoTpAssembler {
  private buffer: number[] = [];
  private expected = 0;
  private nextSequence = 0;

  /** Feeds one frame's data; returns a complete message or null. */
  push(data: Uint8Array): Uint8Array | null {
    if (data.length === 0) return null;
    const type = data[0] >> 4;
    if (type === 0) {
      const length = data[0] & 0x0f;
      this.expected = 0;
      return length === 0 || length > data.length - 1 ? null : data.slice(1, 1 + length);
    }
    if (type === 1 && data.length >= 2) {
      this.expected = ((data[0] & 0x0f) << 8) | data[1];
      this.buffer = [...data.subarray(2)];
      this.nextSequence = 1;
      return null;
    }
    if (type === 2 && this.expected > 0) {
      if ((data[0] & 0x0f) !== this.nextSequence) {
        this.expected = 0; // a lost or repeated frame: the message is dropped, as a receiver would
        return null;
      }
      this.nextSequence = (this.nextSequence + 1) & 0x0f;
      this.buffer.push(...data.subarray(1));
      if (this.buffer.length >= this.expected) {
        const message = Uint8Array.from(this.buffer.slice(0, this.expected));
        this.expected = 0;
        return message;
      }
    }
    return null;
  }
}

function describeResponse(response: Uint8Array): string {
  if (response[0] === NEGATIVE_RESPONSE_SID && response.length >= 3)
    return `negative: ${serviceName(response[1])} ${describeNrc(response[2])}`;
  return `positive: ${serviceName((response[0] ?? 0x40) - 0x40)}`;
}

export class UdsSniffer {
  private readonly requests = new IsoTpAssembler();
  private readonly responses = new IsoTpAssembler();
  private open: { request: Uint8Array; sinceMs: number } | null = null;

  constructor(
    private readonly ids: UdsIdentifiers,
    private readonly report: (transaction: UdsTransaction) => void,
    private readonly timeoutMs = 5000,
  ) {}

  /** Feeds one bus frame seen at host time `nowMs`. */
  frame(frame: CanMessage, nowMs: number): void {
    if (frame.extended || frame.remote) return;
    this.expire(nowMs);
    if (frame.id === this.ids.physicalRequest || frame.id === this.ids.functionalRequest) {
      const request = this.requests.push(frame.data);
      if (request === null) return;
      if (this.open !== null) this.finish(null);
      this.open = { request, sinceMs: nowMs };
    } else if (frame.id === this.ids.response) {
      const response = this.responses.push(frame.data);
      if (this.open === null) return;
      // Every response frame (a segment, a response-pending answer) shows the server is at work.
      this.open.sinceMs = nowMs;
      if (response === null) return;
      if (response[0] === NEGATIVE_RESPONSE_SID && response[2] === NRC_RESPONSE_PENDING) return;
      this.finish(response);
    }
  }

  /** Reports an open request as unanswered once the timeout has passed. */
  expire(nowMs: number): void {
    if (this.open !== null && nowMs - this.open.sinceMs > this.timeoutMs) this.finish(null);
  }

  private finish(response: Uint8Array | null): void {
    if (this.open === null) return;
    const { request } = this.open;
    this.open = null;
    this.report({
      request,
      response,
      text: `${describeRequest(request)} → ${response === null ? 'no response' : `${describeResponse(response)} [${hexBytes(response)}]`}`,
    });
  }
}
