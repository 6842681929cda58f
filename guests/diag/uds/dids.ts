// Data identifiers of the UDS server: ReadDataByIdentifier (0x22, one or more DIDs per request) and
// WriteDataByIdentifier (0x2E). Identification (VIN, serial, software versions), live data from the
// control guest's `vehicle_status` sampling port, the partition table from the hypervisor (Version and
// VmStatus page 1: state, starts and faults as the hypervisor counts them), and the writable cruise
// set-point, forwarded on `setpoint_cmd`. Encodings: docs/UDS.md "Data identifiers". TS subset.
import { bool, checkIndex, div, mul, u32, u8 } from '../../../transpiler/runtime/index.ts';
import { HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { bhQueuingSend, bhSamplingRead, bhVersion, bhVmCounters } from '../../sdk/ts/bulkhead.ts';
import {
  DIAG_VERSION_MAJOR,
  DIAG_VERSION_MINOR,
  DIAG_VERSION_PATCH,
  ECU_SERIAL,
  SETPOINT_CMD_PORT,
  SETPOINT_FLAGS_ENGAGED,
  SETPOINT_MAX_CENTI_KMH,
  VEHICLE_STATUS_PORT,
  VIN,
} from './config.ts';
import {
  NRC_CONDITIONS_NOT_CORRECT,
  NRC_INCORRECT_LENGTH,
  NRC_REQUEST_OUT_OF_RANGE,
  NRC_RESPONSE_TOO_LONG,
  NRC_SECURITY_ACCESS_DENIED,
  requestU16,
  SID_READ_DATA_BY_IDENTIFIER,
  SID_WRITE_DATA_BY_IDENTIFIER,
  UdsResponse,
} from './protocol.ts';

export const DID_VIN = 0xf190;
export const DID_ECU_SERIAL = 0xf18c;
export const DID_SOFTWARE_VERSION = 0xf195;
export const DID_VEHICLE_SPEED = 0x0100;
export const DID_CRUISE_SETPOINT = 0x0101;
export const DID_THROTTLE = 0x0102;
export const DID_LIVE_DATA_AGE = 0x0103;
export const DID_PARTITION_TABLE = 0x0110;

/** `vehicle_status` (docs/HIL-PROTOCOL.md): 20 bytes, little endian. */
const STATUS_BYTES = 20;
const STATUS_SPEED_OFFSET = 4;
const STATUS_SETPOINT_OFFSET = 6;
const STATUS_THROTTLE_OFFSET = 8;
/** Throttle in the status message is 0..10000; the DID reports 0.1 % (0..1000). */
const THROTTLE_STATUS_PER_DID_UNIT = 10;
/** `setpoint_cmd`: u16 set-point (0.01 km/h, little endian), u8 flags. */
const SETPOINT_MESSAGE_BYTES = 3;
/** VM state reported for a VM whose status could not be read. */
const VM_STATE_UNKNOWN = 0xff;
const U16_MAX = 0xffff;
const ASCII_ZERO = 0x30;
const ASCII_DOT = 0x2e;
const ASCII_SPACE = 0x20;
const ASCII_SEMICOLON = 0x3b;

const status: Uint8Array = new Uint8Array(STATUS_BYTES);
const statusValues: Uint32Array = new Uint32Array(3);
const vmValues: Uint32Array = new Uint32Array(3);
const setpointMessage: Uint8Array = new Uint8Array(SETPOINT_MESSAGE_BYTES);
/** Result of the last `vehicle_status` read (HvResult code). */
let statusResult: u32 = 0;

function statusU16(offset: u32): u32 {
  return u32(
    u32(status[checkIndex(offset, status.length)]) |
      u32(u32(status[checkIndex(u32(offset + 1), status.length)]) << 8),
  );
}

function saturate16(value: u32): u32 {
  return value > U16_MAX ? U16_MAX : value;
}

/** Appends `value` in decimal (no leading zeros). */
function putDecimal(response: UdsResponse, value: u32): void {
  let divisor: u32 = 1;
  while (div(value, divisor) >= 10 && divisor < 1000000000) {
    divisor = u32(mul(divisor, 10));
  }
  let rest = value;
  for (;;) {
    response.put(u32(ASCII_ZERO + div(rest, divisor)));
    rest = u32(rest - u32(mul(div(rest, divisor), divisor)));
    if (divisor === 1) {
      break;
    }
    divisor = div(divisor, 10);
  }
}

function putVersion(response: UdsResponse, major: u32, minor: u32, patch: u32): void {
  putDecimal(response, major);
  response.put(ASCII_DOT);
  putDecimal(response, minor);
  response.put(ASCII_DOT);
  putDecimal(response, patch);
}

/** `diag x.y.z;hv x.y.z`: this server's version and the hypervisor ABI version (Version hypercall,
 *  major in the upper 16 bits, minor in the lower; patch 0). */
function putSoftwareVersion(response: UdsResponse): void {
  response.put(0x64); // d
  response.put(0x69); // i
  response.put(0x61); // a
  response.put(0x67); // g
  response.put(ASCII_SPACE);
  putVersion(response, DIAG_VERSION_MAJOR, DIAG_VERSION_MINOR, DIAG_VERSION_PATCH);
  response.put(ASCII_SEMICOLON);
  response.put(0x68); // h
  response.put(0x76); // v
  response.put(ASCII_SPACE);
  let abi: u32 = 0;
  if (bhVersion(vmValues) === u32(HvResult.Ok)) {
    abi = vmValues[0];
  }
  putVersion(response, u32(abi >>> 16), u32(abi & 0xffff), 0);
}

/** Partition table: count, then per VM index, state, starts, faults (VmStatus page 1). */
function putPartitionTable(response: UdsResponse): void {
  let count: u32 = 0;
  if (bhVersion(vmValues) === u32(HvResult.Ok)) {
    count = vmValues[2];
  }
  if (count > 255) {
    count = 255;
  }
  response.put(count);
  for (let vm: u32 = 0; vm < count; vm++) {
    response.put(vm);
    if (bhVmCounters(vm, vmValues) === u32(HvResult.Ok)) {
      response.put(vmValues[0]);
      response.put16(saturate16(vmValues[1]));
      response.put16(saturate16(vmValues[2]));
    } else {
      response.put(VM_STATE_UNKNOWN);
      response.put16(0);
      response.put16(0);
    }
  }
}

/** Reads `vehicle_status` once per request (the live-data DIDs share it). */
function readStatus(): void {
  statusResult = bhSamplingRead(VEHICLE_STATUS_PORT, status, statusValues);
}

/** True for DIDs whose data come from `vehicle_status`. */
function isLiveData(did: u32): bool {
  return did === DID_VEHICLE_SPEED || did === DID_CRUISE_SETPOINT || did === DID_THROTTLE;
}

/** True for every DID this server knows. */
export function didSupported(did: u32): bool {
  return (
    did === DID_VIN ||
    did === DID_ECU_SERIAL ||
    did === DID_SOFTWARE_VERSION ||
    isLiveData(did) ||
    did === DID_LIVE_DATA_AGE ||
    did === DID_PARTITION_TABLE
  );
}

/** Appends the data record of supported DID `did`. */
function putDid(response: UdsResponse, did: u32): void {
  response.put16(did);
  if (did === DID_VIN) {
    for (let i: u32 = 0; i < VIN.length; i++) {
      response.put(VIN[i]);
    }
  } else if (did === DID_ECU_SERIAL) {
    for (let i: u32 = 0; i < ECU_SERIAL.length; i++) {
      response.put(ECU_SERIAL[i]);
    }
  } else if (did === DID_SOFTWARE_VERSION) {
    putSoftwareVersion(response);
  } else if (did === DID_VEHICLE_SPEED) {
    response.put16(statusU16(STATUS_SPEED_OFFSET));
  } else if (did === DID_CRUISE_SETPOINT) {
    response.put16(statusU16(STATUS_SETPOINT_OFFSET));
  } else if (did === DID_THROTTLE) {
    response.put16(div(statusU16(STATUS_THROTTLE_OFFSET), THROTTLE_STATUS_PER_DID_UNIT));
  } else if (did === DID_LIVE_DATA_AGE) {
    if (statusResult === u32(HvResult.Ok)) {
      response.put(statusValues[2] !== 0 ? 1 : 0);
      response.put16(saturate16(statusValues[1]));
    } else {
      response.put(0);
      response.put16(U16_MAX);
    }
  } else {
    putPartitionTable(response);
  }
}

/** ReadDataByIdentifier: `22 did1 [did2 ...]`. DIDs the server does not know are left out; NRC 0x31
 *  when none is known, 0x22 when live data are asked before the control guest ever wrote them, 0x14
 *  when the response would exceed 4095 bytes. */
export function readDataByIdentifier(request: Uint8Array, length: u32, response: UdsResponse): void {
  if (length < 3 || u32(u32(length - 1) & 1) !== 0) {
    response.negative(SID_READ_DATA_BY_IDENTIFIER, NRC_INCORRECT_LENGTH);
    return;
  }
  let known: u32 = 0;
  let live: bool = false;
  for (let at: u32 = 1; at < length; at = u32(at + 2)) {
    const did = requestU16(request, length, at);
    if (didSupported(did)) {
      known = u32(known + 1);
      if (isLiveData(did) || did === DID_LIVE_DATA_AGE) {
        live = true;
      }
    }
  }
  if (known === 0) {
    response.negative(SID_READ_DATA_BY_IDENTIFIER, NRC_REQUEST_OUT_OF_RANGE);
    return;
  }
  if (live) {
    readStatus();
  }
  response.positive(SID_READ_DATA_BY_IDENTIFIER);
  for (let at: u32 = 1; at < length; at = u32(at + 2)) {
    const did = requestU16(request, length, at);
    if (!didSupported(did)) {
      continue;
    }
    if (isLiveData(did) && statusResult !== u32(HvResult.Ok)) {
      response.negative(SID_READ_DATA_BY_IDENTIFIER, NRC_CONDITIONS_NOT_CORRECT);
      return;
    }
    putDid(response, did);
    if (response.tooLong) {
      response.negative(SID_READ_DATA_BY_IDENTIFIER, NRC_RESPONSE_TOO_LONG);
      return;
    }
  }
}

/** WriteDataByIdentifier: `2E 01 01 hi lo` writes the cruise set-point (0..SETPOINT_MAX_CENTI_KMH,
 *  0.01 km/h, the control guest's limit) and forwards it to the control guest. The dispatcher has checked the session (extended). */
export function writeDataByIdentifier(
  request: Uint8Array,
  length: u32,
  response: UdsResponse,
  unlocked: bool,
): void {
  if (length < 4) {
    response.negative(SID_WRITE_DATA_BY_IDENTIFIER, NRC_INCORRECT_LENGTH);
    return;
  }
  const did = requestU16(request, length, 1);
  if (did !== DID_CRUISE_SETPOINT) {
    response.negative(SID_WRITE_DATA_BY_IDENTIFIER, NRC_REQUEST_OUT_OF_RANGE);
    return;
  }
  if (!unlocked) {
    response.negative(SID_WRITE_DATA_BY_IDENTIFIER, NRC_SECURITY_ACCESS_DENIED);
    return;
  }
  if (length !== 5) {
    response.negative(SID_WRITE_DATA_BY_IDENTIFIER, NRC_INCORRECT_LENGTH);
    return;
  }
  const setpoint = requestU16(request, length, 3);
  if (setpoint > SETPOINT_MAX_CENTI_KMH) {
    response.negative(SID_WRITE_DATA_BY_IDENTIFIER, NRC_REQUEST_OUT_OF_RANGE);
    return;
  }
  setpointMessage[0] = u8(setpoint & 0xff);
  setpointMessage[1] = u8(u32(setpoint >>> 8) & 0xff);
  setpointMessage[2] = SETPOINT_FLAGS_ENGAGED;
  if (bhQueuingSend(SETPOINT_CMD_PORT, setpointMessage, SETPOINT_MESSAGE_BYTES) !== u32(HvResult.Ok)) {
    response.negative(SID_WRITE_DATA_BY_IDENTIFIER, NRC_CONDITIONS_NOT_CORRECT);
    return;
  }
  response.positive(SID_WRITE_DATA_BY_IDENTIFIER);
  response.put16(did);
}
