// RoutineControl (0x31) of the UDS server: 0x0200 "restart control partition" (start: cold restart
// of the control VM through the hypervisor, answered first with response pending 0x78 while the
// hypervisor checks and restores the control VM's image in its own slots, then positively once it runs
// again or with NRC 0x22 when its image was refused (VM halted); results: the control VM's state) and 0xF000 "diag
// self-test" (start runs for at least SELF_TEST_DURATION_MS, answered first with response pending
// 0x78, repeated until the final response; results: pass/fail and the CRC-32 of the code image).
// The self-test checks the CRC engine against its check value, a RAM pattern test, and that the code
// image still has the CRC computed at start. The dispatcher has checked the minimum length and the
// sub-function. In the TS subset.
import { bool, mmioRead32, mul, u32, u8 } from '../../../transpiler/runtime/index.ts';
import { HvResult, VmState } from '../../../firmware/core/hypercall-numbers.ts';
import { bhVmRestart, bhVmStatus } from '../../sdk/ts/bulkhead.ts';
import { diagCodeBase, diagControlVm, diagImageBytes } from '../platform.ts';
import { RESPONSE_PENDING_REPEAT_MS, SELF_TEST_CHUNK_BYTES, SELF_TEST_DURATION_MS } from './config.ts';
import { CRC32_INITIAL, crc32Byte, crc32Finish, crc32Word } from '../../../firmware/core/crc32.ts';
import {
  NRC_CONDITIONS_NOT_CORRECT,
  NRC_INCORRECT_LENGTH,
  NRC_REQUEST_OUT_OF_RANGE,
  NRC_REQUEST_SEQUENCE_ERROR,
  NRC_RESPONSE_PENDING,
  requestByte,
  requestU16,
  SID_ROUTINE_CONTROL,
  SUB_FUNCTION_MASK,
  UdsResponse,
} from './protocol.ts';

export const ROUTINE_START = 0x01;
export const ROUTINE_STOP = 0x02;
export const ROUTINE_RESULTS = 0x03;
export const ROUTINE_RESTART_CONTROL = 0x0200;
export const ROUTINE_SELF_TEST = 0xf000;
export const SELF_TEST_PASS = 0x00;
export const SELF_TEST_FAIL = 0x01;
/** Status byte of a successful start of 0x0200. */
const RESTART_ACCEPTED = 0x00;
/** VmRestart mode: cold (image restored). */
const RESTART_COLD = 1;
/** CRC-32 check value: the CRC of ASCII "123456789". */
const CRC32_CHECK_VALUE = 0xcbf43926;
const CRC32_CHECK_FIRST_CHAR = 0x31;
const CRC32_CHECK_LENGTH = 9;
/** RAM pattern test: buffer size and patterns. */
const RAM_TEST_BYTES = 256;
const RAM_PATTERN_A = 0x55;
const RAM_PATTERN_B = 0xaa;
const vmValues: Uint32Array = new Uint32Array(3);
const ramTest: Uint8Array = new Uint8Array(RAM_TEST_BYTES);

let ticksPerMs: u32 = 1;
let restartRequested: bool = false;
/** A start of 0x0200 waits for the control VM's cold restart to end (0x78 sent). */
let restartWaiting: bool = false;
/** CRC of the code image computed at start (the self-test's reference). */
let referenceCrc: u32 = 0;
let selfTestRunning: bool = false;
let selfTestDone: bool = false;
let selfTestStart: u32 = 0;
let selfTestOffset: u32 = 0;
let selfTestRegister: u32 = 0;
let selfTestResult: u32 = SELF_TEST_FAIL;
let selfTestCrc: u32 = 0;
/** A start of the self-test waits for its final response (0x78 sent). */
let finalPending: bool = false;
let lastPending: u32 = 0;

/** CRC-32 of the code image words [0, imageBytes). */
function imageCrc(): u32 {
  const base = diagCodeBase();
  const bytes = diagImageBytes();
  let r: u32 = CRC32_INITIAL;
  for (let offset: u32 = 0; offset < bytes; offset = u32(offset + 4)) {
    r = crc32Word(r, mmioRead32(u32(base + offset)));
  }
  return crc32Finish(r);
}

/** Back to the state after a start; computes the reference CRC of the code image. */
export function routinesInit(tickRate: u32): void {
  ticksPerMs = tickRate;
  restartRequested = false;
  restartWaiting = false;
  selfTestRunning = false;
  selfTestDone = false;
  finalPending = false;
  referenceCrc = imageCrc();
}

/** The self-test's start still waits for its final response. */
export function routineBusy(): bool {
  return finalPending;
}

/** The self-test is running or a restart of the control VM is awaited (the guest should poll every
 *  tick). */
export function routineRunning(): bool {
  return selfTestRunning || restartWaiting;
}

function crcEngineOk(): bool {
  let r: u32 = CRC32_INITIAL;
  for (let i: u32 = 0; i < CRC32_CHECK_LENGTH; i++) {
    r = crc32Byte(r, u8(CRC32_CHECK_FIRST_CHAR + i));
  }
  return crc32Finish(r) === CRC32_CHECK_VALUE;
}

function ramOk(): bool {
  let ok: bool = true;
  for (let i: u32 = 0; i < RAM_TEST_BYTES; i++) {
    ramTest[i] = u32(i & 1) === 0 ? RAM_PATTERN_A : RAM_PATTERN_B;
  }
  for (let i: u32 = 0; i < RAM_TEST_BYTES; i++) {
    if (ramTest[i] !== (u32(i & 1) === 0 ? RAM_PATTERN_A : RAM_PATTERN_B)) {
      ok = false;
    }
    ramTest[i] = u32(i & 1) === 0 ? RAM_PATTERN_B : RAM_PATTERN_A;
  }
  for (let i: u32 = 0; i < RAM_TEST_BYTES; i++) {
    if (ramTest[i] !== (u32(i & 1) === 0 ? RAM_PATTERN_B : RAM_PATTERN_A)) {
      ok = false;
    }
  }
  return ok;
}

function routineHeader(response: UdsResponse, sub: u32, routine: u32): void {
  response.positive(SID_ROUTINE_CONTROL);
  response.put(sub);
  response.put16(routine);
}

function startSelfTest(response: UdsResponse, now: u32): void {
  selfTestRunning = true;
  selfTestDone = false;
  selfTestStart = now;
  selfTestOffset = 0;
  selfTestRegister = CRC32_INITIAL;
  finalPending = true;
  lastPending = now;
  response.negative(SID_ROUTINE_CONTROL, NRC_RESPONSE_PENDING);
}

/** RoutineControl: `31 sub rid_hi rid_lo`. */
export function routineControl(request: Uint8Array, length: u32, response: UdsResponse, now: u32): void {
  if (length < 4) {
    response.negative(SID_ROUTINE_CONTROL, NRC_INCORRECT_LENGTH);
    return;
  }
  const sub = u32(requestByte(request, length, 1) & SUB_FUNCTION_MASK);
  const routine = requestU16(request, length, 2);
  if (routine !== ROUTINE_RESTART_CONTROL && routine !== ROUTINE_SELF_TEST) {
    response.negative(SID_ROUTINE_CONTROL, NRC_REQUEST_OUT_OF_RANGE);
    return;
  }
  if (length !== 4) {
    response.negative(SID_ROUTINE_CONTROL, NRC_INCORRECT_LENGTH);
    return;
  }
  if (routine === ROUTINE_RESTART_CONTROL) {
    if (sub === ROUTINE_START) {
      const control = diagControlVm();
      if (restartWaiting || finalPending) {
        response.negative(SID_ROUTINE_CONTROL, NRC_REQUEST_SEQUENCE_ERROR);
        return;
      }
      if (bhVmRestart(control, RESTART_COLD) !== u32(HvResult.Ok)) {
        response.negative(SID_ROUTINE_CONTROL, NRC_CONDITIONS_NOT_CORRECT);
        return;
      }
      restartWaiting = true;
      finalPending = true;
      lastPending = now;
      response.negative(SID_ROUTINE_CONTROL, NRC_RESPONSE_PENDING);
    } else if (sub === ROUTINE_RESULTS && restartRequested) {
      let state: u32 = 0xff;
      if (bhVmStatus(diagControlVm(), vmValues) === u32(HvResult.Ok)) {
        state = vmValues[0];
      }
      routineHeader(response, sub, routine);
      response.put(state);
    } else {
      response.negative(SID_ROUTINE_CONTROL, NRC_REQUEST_SEQUENCE_ERROR);
    }
    return;
  }
  if (sub === ROUTINE_START) {
    if (selfTestRunning || restartWaiting) {
      response.negative(SID_ROUTINE_CONTROL, NRC_REQUEST_SEQUENCE_ERROR);
      return;
    }
    startSelfTest(response, now);
  } else if (sub === ROUTINE_STOP) {
    if (!selfTestRunning) {
      response.negative(SID_ROUTINE_CONTROL, NRC_REQUEST_SEQUENCE_ERROR);
      return;
    }
    selfTestRunning = false;
    finalPending = false;
    routineHeader(response, sub, routine);
  } else if (selfTestDone) {
    routineHeader(response, sub, routine);
    response.put(selfTestResult);
    response.put32(selfTestCrc);
  } else {
    response.negative(SID_ROUTINE_CONTROL, NRC_REQUEST_SEQUENCE_ERROR);
  }
}

/** A start of 0x0200 in progress: the final response once the control VM's cold restart has ended
 *  (positive when it runs again, NRC 0x22 when the hypervisor refused its image and left it halted),
 *  else a repeated response pending when its period has come. */
function restartStep(response: UdsResponse, now: u32): bool {
  let state: u32 = u32(VmState.Restarting);
  if (bhVmStatus(diagControlVm(), vmValues) === u32(HvResult.Ok)) {
    state = vmValues[0];
  }
  if (state !== u32(VmState.Restarting)) {
    restartWaiting = false;
    finalPending = false;
    if (state === u32(VmState.Halted)) {
      response.negative(SID_ROUTINE_CONTROL, NRC_CONDITIONS_NOT_CORRECT);
    } else {
      restartRequested = true;
      routineHeader(response, ROUTINE_START, ROUTINE_RESTART_CONTROL);
      response.put(RESTART_ACCEPTED);
    }
    return true;
  }
  return pendingRepeat(response, now);
}

/** A repeated response pending when `RESPONSE_PENDING_REPEAT_MS` have passed since the last one. */
function pendingRepeat(response: UdsResponse, now: u32): bool {
  if (u32(now - lastPending) >= u32(mul(RESPONSE_PENDING_REPEAT_MS, ticksPerMs))) {
    lastPending = now;
    response.negative(SID_ROUTINE_CONTROL, NRC_RESPONSE_PENDING);
    return true;
  }
  return false;
}

/** Advances the self-test by one chunk. Writes into `response` and returns true when something must
 *  be sent: a repeated response pending, or the final response of the start. */
export function routinesStep(response: UdsResponse, now: u32): bool {
  if (restartWaiting) {
    return restartStep(response, now);
  }
  if (!selfTestRunning) {
    return false;
  }
  const base = diagCodeBase();
  const bytes = diagImageBytes();
  for (let i: u32 = 0; i < SELF_TEST_CHUNK_BYTES; i = u32(i + 4)) {
    if (selfTestOffset >= bytes) {
      break;
    }
    selfTestRegister = crc32Word(selfTestRegister, mmioRead32(u32(base + selfTestOffset)));
    selfTestOffset = u32(selfTestOffset + 4);
  }
  const elapsed = u32(now - selfTestStart);
  if (selfTestOffset >= bytes && elapsed >= u32(mul(SELF_TEST_DURATION_MS, ticksPerMs))) {
    selfTestCrc = crc32Finish(selfTestRegister);
    const pass = selfTestCrc === referenceCrc && crcEngineOk() && ramOk();
    selfTestResult = pass ? SELF_TEST_PASS : SELF_TEST_FAIL;
    selfTestRunning = false;
    selfTestDone = true;
    finalPending = false;
    routineHeader(response, ROUTINE_START, ROUTINE_SELF_TEST);
    response.put(selfTestResult);
    return true;
  }
  return pendingRepeat(response, now);
}
