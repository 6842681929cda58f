// Job: the errors of the UDS client. Each names the request (service and bytes) and what came back:
// a negative response (with the NRC's ISO 14229-1 name), no response in time (P2 or, after response
// pending, P2*), or a response that does not fit the request (other SID, too short, malformed).
import { describeNrc } from './nrc.ts';

const SERVICE_NAMES: Readonly<Record<number, string>> = {
  0x10: 'DiagnosticSessionControl',
  0x11: 'ECUReset',
  0x14: 'ClearDiagnosticInformation',
  0x19: 'ReadDTCInformation',
  0x22: 'ReadDataByIdentifier',
  0x27: 'SecurityAccess',
  0x28: 'CommunicationControl',
  0x2e: 'WriteDataByIdentifier',
  0x31: 'RoutineControl',
  0x3e: 'TesterPresent',
  0x85: 'ControlDTCSetting',
};

export function serviceName(sid: number): string {
  return SERVICE_NAMES[sid] ?? `service 0x${sid.toString(16).toUpperCase().padStart(2, '0')}`;
}

export function hexBytes(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** `ReadDataByIdentifier [22 F1 90]` (long requests are cut). */
export function describeRequest(request: Uint8Array): string {
  const shown =
    request.length > 16
      ? `${hexBytes(request.subarray(0, 16))} … (${request.length} bytes)`
      : hexBytes(request);
  return `${serviceName(request[0] ?? 0)} [${shown}]`;
}

export class UdsError extends Error {
  constructor(
    readonly request: Uint8Array,
    message: string,
  ) {
    super(message);
    this.name = 'UdsError';
  }
}

/** The server answered 7F <sid> <nrc>. */
export class UdsNegativeResponseError extends UdsError {
  constructor(
    request: Uint8Array,
    readonly nrc: number,
  ) {
    super(request, `${describeRequest(request)}: negative response ${describeNrc(nrc)}`);
    this.name = 'UdsNegativeResponseError';
  }
}

/** No (final) response within P2 or P2*. */
export class UdsTimeoutError extends UdsError {
  constructor(
    request: Uint8Array,
    readonly waitedMs: number,
    readonly pendingResponses: number,
    detail: string,
  ) {
    super(
      request,
      `${describeRequest(request)}: no response within ${waitedMs} ms` +
        (pendingResponses > 0 ? ` after ${pendingResponses} response-pending (0x78) answers` : '') +
        (detail === '' ? '' : ` (${detail})`),
    );
    this.name = 'UdsTimeoutError';
  }
}

/** A response that does not answer the request. */
export class UdsProtocolError extends UdsError {
  constructor(
    request: Uint8Array,
    readonly response: Uint8Array,
    detail: string,
  ) {
    super(request, `${describeRequest(request)}: ${detail}; response [${hexBytes(response)}]`);
    this.name = 'UdsProtocolError';
  }
}
