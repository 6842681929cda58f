// Diagnostic session layer of the UDS server: the active session (default, programming, extended),
// the S3server timer that returns a non-default session to default when the tester goes quiet, and
// the services DiagnosticSessionControl (0x10, with P2/P2* in its positive response) and TesterPresent
// (0x3E). The dispatcher has checked the request's minimum length, sub-function and session rules.
// In the TS subset.
import { bool, div, mul, u32 } from '../../../transpiler/runtime/index.ts';
import { P2_SERVER_MS, P2_STAR_SERVER_MS, P2_STAR_WIRE_UNIT_MS, S3_SERVER_MS } from './config.ts';
import {
  NRC_INCORRECT_LENGTH,
  NRC_SUB_FUNCTION_NOT_SUPPORTED,
  SESSION_DEFAULT,
  SESSION_EXTENDED,
  SESSION_PROGRAMMING,
  SID_DIAGNOSTIC_SESSION_CONTROL,
  SID_TESTER_PRESENT,
  SUB_FUNCTION_MASK,
  requestByte,
  UdsResponse,
} from './protocol.ts';

let session: u32 = SESSION_DEFAULT;
/** Tick of the last request (or of the end of the last response): start of the S3 timer. */
let lastActivity: u32 = 0;

/** Back to the state after a start: default session. */
export function sessionInit(now: u32): void {
  session = SESSION_DEFAULT;
  lastActivity = now;
}

export function activeSession(): u32 {
  return session;
}

/** True in the extended or programming session. */
export function nonDefaultSession(): bool {
  return session !== SESSION_DEFAULT;
}

/** Restarts the S3 timer (a request arrived or a response was completed). */
export function sessionActivity(now: u32): void {
  lastActivity = now;
}

/** Returns to the default session when S3 expired; true when it did. */
export function sessionCheckS3(now: u32, ticksPerMs: u32): bool {
  if (session === SESSION_DEFAULT) {
    return false;
  }
  if (u32(now - lastActivity) < u32(mul(S3_SERVER_MS, ticksPerMs))) {
    return false;
  }
  session = SESSION_DEFAULT;
  return true;
}

/** True when `sub` (without the SPRB) is a session this server has. */
export function sessionSupported(sub: u32): bool {
  return sub === SESSION_DEFAULT || sub === SESSION_PROGRAMMING || sub === SESSION_EXTENDED;
}

/** True when session `sub` may be entered from the active session: the programming session only from
 *  a non-default one (NRC 0x7E otherwise). */
export function sessionReachable(sub: u32): bool {
  return sub !== SESSION_PROGRAMMING || session !== SESSION_DEFAULT;
}

/** DiagnosticSessionControl. Returns true when the session changed (or was re-entered: ISO 14229-1
 *  re-initialises the session then too). */
export function sessionControl(request: Uint8Array, length: u32, response: UdsResponse): bool {
  if (length !== 2) {
    response.negative(SID_DIAGNOSTIC_SESSION_CONTROL, NRC_INCORRECT_LENGTH);
    return false;
  }
  const sub = u32(requestByte(request, length, 1) & SUB_FUNCTION_MASK);
  if (!sessionSupported(sub)) {
    response.negative(SID_DIAGNOSTIC_SESSION_CONTROL, NRC_SUB_FUNCTION_NOT_SUPPORTED);
    return false;
  }
  session = sub;
  response.positive(SID_DIAGNOSTIC_SESSION_CONTROL);
  response.put(sub);
  response.put16(P2_SERVER_MS);
  response.put16(div(u32(P2_STAR_SERVER_MS), P2_STAR_WIRE_UNIT_MS));
  return true;
}

/** TesterPresent (sub-function 0x00; the S3 timer was restarted by the request itself). */
export function testerPresent(request: Uint8Array, length: u32, response: UdsResponse): void {
  if (length !== 2) {
    response.negative(SID_TESTER_PRESENT, NRC_INCORRECT_LENGTH);
    return;
  }
  response.positive(SID_TESTER_PRESENT);
  response.put(u32(requestByte(request, length, 1) & SUB_FUNCTION_MASK));
}
