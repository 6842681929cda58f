// The UDS server's dispatcher: takes one complete request (physical or functional), applies the
// general and sub-function checks in the order of ISO 14229-1 figures 7 and 8 (0x11 service not
// supported, 0x7F not in this session, 0x13 minimum length, 0x12 sub-function, 0x7E sub-function not
// in this session), calls the service, then applies the suppress-positive-response bit and the
// suppression of NRCs 0x11/0x12/0x31/0x7E/0x7F for functional requests (ISO 14229-1 7.5). Also the
// periodic work: S3 timeout (back to default, security relocked, DTC setting on), security delay, the
// self-test's progress and response pending. In the TS subset.
import { bool, u32 } from '../../../transpiler/runtime/index.ts';
import { readDataByIdentifier, writeDataByIdentifier } from './dids.ts';
import {
  clearDtcs,
  controlDtcSetting,
  DTC_SETTING_OFF,
  DTC_SETTING_ON,
  readDtcInformation,
  readDtcSubFunctionSupported,
} from './dtc-services.ts';
import { dtcSetting, dtcStoreInit } from './dtc-store.ts';
import { ecuReset, ecuResetInit, ecuResetSupported } from './ecu-reset.ts';
import { sessionPlanApply, sessionPlanInit } from './session-plan.ts';
import {
  NRC_BUSY_REPEAT_REQUEST,
  NRC_INCORRECT_LENGTH,
  NRC_REQUEST_OUT_OF_RANGE,
  NRC_SERVICE_NOT_SUPPORTED,
  NRC_SERVICE_NOT_SUPPORTED_IN_SESSION,
  NRC_SUB_FUNCTION_NOT_SUPPORTED,
  NRC_SUB_FUNCTION_NOT_SUPPORTED_IN_SESSION,
  requestByte,
  SESSION_DEFAULT,
  SESSION_EXTENDED,
  SID_CLEAR_DTC,
  SID_CONTROL_DTC_SETTING,
  SID_DIAGNOSTIC_SESSION_CONTROL,
  SID_ECU_RESET,
  SID_READ_DATA_BY_IDENTIFIER,
  SID_READ_DTC_INFORMATION,
  SID_ROUTINE_CONTROL,
  SID_SECURITY_ACCESS,
  SID_TESTER_PRESENT,
  SID_WRITE_DATA_BY_IDENTIFIER,
  SUB_FUNCTION_MASK,
  SUPPRESS_POSITIVE_RESPONSE,
  UdsResponse,
} from './protocol.ts';
import {
  ROUTINE_RESULTS,
  ROUTINE_START,
  ROUTINE_STOP,
  routineBusy,
  routineControl,
  routinesInit,
  routinesStep,
} from './routines.ts';
import {
  SECURITY_REQUEST_SEED,
  SECURITY_SEND_KEY,
  securityAccess,
  securityInit,
  securityRelock,
  securityTick,
  securityUnlocked,
} from './security.ts';
import {
  activeSession,
  nonDefaultSession,
  sessionActivity,
  sessionCheckS3,
  sessionControl,
  sessionInit,
  sessionReachable,
  sessionSupported,
  testerPresent,
} from './session.ts';

const TESTER_PRESENT_ZERO = 0x00;

let ticksPerMs: u32 = 1;
/** Requests answered, and responses suppressed (SPRB or functional NRC rules). */
let requestsServed: u32 = 0;
let responsesSuppressed: u32 = 0;

/** Starts (or restarts) the server: default session, locked, DTC setting on, no routine running.
 *  `tickRate` is ticks per millisecond; `entropy` seeds the security seed generator. */
export function udsInit(now: u32, tickRate: u32, entropy: u32): void {
  ticksPerMs = tickRate === 0 ? 1 : tickRate;
  sessionInit(now);
  sessionPlanInit();
  sessionPlanApply(activeSession());
  securityInit(now, ticksPerMs, entropy);
  dtcStoreInit();
  routinesInit(ticksPerMs);
  ecuResetInit();
  requestsServed = 0;
  responsesSuppressed = 0;
}

export function udsRequestsServed(): u32 {
  return requestsServed;
}

export function udsResponsesSuppressed(): u32 {
  return responsesSuppressed;
}

/** True when `sid` is a service this server has. */
export function serviceSupported(sid: u32): bool {
  return (
    sid === SID_DIAGNOSTIC_SESSION_CONTROL ||
    sid === SID_ECU_RESET ||
    sid === SID_CLEAR_DTC ||
    sid === SID_READ_DTC_INFORMATION ||
    sid === SID_READ_DATA_BY_IDENTIFIER ||
    sid === SID_SECURITY_ACCESS ||
    sid === SID_WRITE_DATA_BY_IDENTIFIER ||
    sid === SID_ROUTINE_CONTROL ||
    sid === SID_TESTER_PRESENT ||
    sid === SID_CONTROL_DTC_SETTING
  );
}

/** True when `sid` may be used in the active session (NRC 0x7F otherwise). */
function serviceAllowedInSession(sid: u32): bool {
  if (sid === SID_SECURITY_ACCESS) {
    return nonDefaultSession();
  }
  if (sid === SID_WRITE_DATA_BY_IDENTIFIER || sid === SID_CONTROL_DTC_SETTING) {
    return activeSession() === SESSION_EXTENDED;
  }
  return true;
}

/** True for services whose second byte is a sub-function. */
function hasSubFunction(sid: u32): bool {
  return (
    sid === SID_DIAGNOSTIC_SESSION_CONTROL ||
    sid === SID_ECU_RESET ||
    sid === SID_READ_DTC_INFORMATION ||
    sid === SID_SECURITY_ACCESS ||
    sid === SID_ROUTINE_CONTROL ||
    sid === SID_TESTER_PRESENT ||
    sid === SID_CONTROL_DTC_SETTING
  );
}

/** True for services whose sub-function carries the suppress-positive-response bit. */
function honoursSprb(sid: u32): bool {
  return hasSubFunction(sid) && sid !== SID_READ_DTC_INFORMATION;
}

/** The sub-function value: the low 7 bits where SPRB applies, the whole byte otherwise. */
function subFunctionOf(sid: u32, raw: u32): u32 {
  return honoursSprb(sid) ? u32(raw & SUB_FUNCTION_MASK) : raw;
}

function subFunctionSupported(sid: u32, sub: u32): bool {
  if (sid === SID_DIAGNOSTIC_SESSION_CONTROL) {
    return sessionSupported(sub);
  }
  if (sid === SID_ECU_RESET) {
    return ecuResetSupported(sub);
  }
  if (sid === SID_READ_DTC_INFORMATION) {
    return readDtcSubFunctionSupported(sub);
  }
  if (sid === SID_SECURITY_ACCESS) {
    return sub === SECURITY_REQUEST_SEED || sub === SECURITY_SEND_KEY;
  }
  if (sid === SID_ROUTINE_CONTROL) {
    return sub === ROUTINE_START || sub === ROUTINE_STOP || sub === ROUTINE_RESULTS;
  }
  if (sid === SID_TESTER_PRESENT) {
    return sub === TESTER_PRESENT_ZERO;
  }
  return sub === DTC_SETTING_ON || sub === DTC_SETTING_OFF;
}

function subFunctionAllowedInSession(sid: u32, sub: u32): bool {
  if (sid === SID_DIAGNOSTIC_SESSION_CONTROL) {
    return sessionReachable(sub);
  }
  return true;
}

/** Session change side effects: security relocked; DTC setting back on in the default session; the
 *  session's schedule plan requested. */
function sessionChanged(): void {
  securityRelock();
  sessionPlanApply(activeSession());
  if (activeSession() === SESSION_DEFAULT) {
    dtcSetting(true);
  }
}

function callService(sid: u32, request: Uint8Array, length: u32, response: UdsResponse, now: u32): void {
  if (sid === SID_DIAGNOSTIC_SESSION_CONTROL) {
    if (sessionControl(request, length, response)) {
      sessionChanged();
    }
  } else if (sid === SID_ECU_RESET) {
    ecuReset(request, length, response);
  } else if (sid === SID_CLEAR_DTC) {
    clearDtcs(request, length, response);
  } else if (sid === SID_READ_DTC_INFORMATION) {
    readDtcInformation(request, length, response);
  } else if (sid === SID_READ_DATA_BY_IDENTIFIER) {
    readDataByIdentifier(request, length, response);
  } else if (sid === SID_SECURITY_ACCESS) {
    securityAccess(request, length, response, now);
  } else if (sid === SID_WRITE_DATA_BY_IDENTIFIER) {
    writeDataByIdentifier(request, length, response, securityUnlocked());
  } else if (sid === SID_ROUTINE_CONTROL) {
    routineControl(request, length, response, now);
  } else if (sid === SID_TESTER_PRESENT) {
    testerPresent(request, length, response);
  } else {
    controlDtcSetting(request, length, response);
  }
}

/** NRCs a functional request never gets (ISO 14229-1 7.5). */
function suppressedForFunctional(nrc: u32): bool {
  return (
    nrc === NRC_SERVICE_NOT_SUPPORTED ||
    nrc === NRC_SUB_FUNCTION_NOT_SUPPORTED ||
    nrc === NRC_REQUEST_OUT_OF_RANGE ||
    nrc === NRC_SUB_FUNCTION_NOT_SUPPORTED_IN_SESSION ||
    nrc === NRC_SERVICE_NOT_SUPPORTED_IN_SESSION
  );
}

/** The checks up to the service itself; leaves a negative response in `response` when one fails. */
function dispatch(request: Uint8Array, length: u32, response: UdsResponse, now: u32): void {
  const sid = requestByte(request, length, 0);
  if (!serviceSupported(sid)) {
    response.negative(sid, NRC_SERVICE_NOT_SUPPORTED);
    return;
  }
  if (!serviceAllowedInSession(sid)) {
    response.negative(sid, NRC_SERVICE_NOT_SUPPORTED_IN_SESSION);
    return;
  }
  if (hasSubFunction(sid)) {
    if (length < 2) {
      response.negative(sid, NRC_INCORRECT_LENGTH);
      return;
    }
    const sub = subFunctionOf(sid, requestByte(request, length, 1));
    if (!subFunctionSupported(sid, sub)) {
      response.negative(sid, NRC_SUB_FUNCTION_NOT_SUPPORTED);
      return;
    }
    if (!subFunctionAllowedInSession(sid, sub)) {
      response.negative(sid, NRC_SUB_FUNCTION_NOT_SUPPORTED_IN_SESSION);
      return;
    }
  }
  if (routineBusy() && sid !== SID_TESTER_PRESENT && sid !== SID_ROUTINE_CONTROL) {
    response.negative(sid, NRC_BUSY_REPEAT_REQUEST);
    return;
  }
  callService(sid, request, length, response, now);
}

/** Serves one complete request `request[0 .. length)`; `functional` for 0x7DF. The response (or
 *  `response.suppressed`) is left in `response`. */
export function udsHandleRequest(
  request: Uint8Array,
  length: u32,
  functional: bool,
  response: UdsResponse,
  now: u32,
): void {
  response.suppress();
  if (length === 0) {
    return;
  }
  sessionActivity(now);
  requestsServed = u32(requestsServed + 1);
  dispatch(request, length, response, now);
  const sid = requestByte(request, length, 0);
  if (response.isNegative()) {
    if (functional && suppressedForFunctional(response.nrc())) {
      response.suppress();
    }
  } else if (
    honoursSprb(sid) &&
    length >= 2 &&
    u32(requestByte(request, length, 1) & SUPPRESS_POSITIVE_RESPONSE) !== 0
  ) {
    response.suppress();
  }
  if (response.suppressed) {
    responsesSuppressed = u32(responsesSuppressed + 1);
  }
}

/** Periodic work at tick `now`. Writes into `response` and returns true when a response must be sent
 *  (response pending repeated, or the self-test's final response). */
export function udsPoll(response: UdsResponse, now: u32): bool {
  if (sessionCheckS3(now, ticksPerMs)) {
    sessionChanged();
  }
  securityTick(now);
  return routinesStep(response, now);
}

/** A response was completely sent: the S3 timer restarts from here. */
export function udsResponseSent(now: u32): void {
  sessionActivity(now);
}
