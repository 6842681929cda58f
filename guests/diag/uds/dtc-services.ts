// DTC services of the UDS server: ClearDiagnosticInformation (0x14, group 0xFFFFFF), ReadDTCInformation
// (0x19: 0x01 number of DTCs by status mask, 0x02 DTCs by status mask, 0x0A supported DTCs) and
// ControlDTCSetting (0x85: 0x01 on, 0x02 off). The dispatcher has checked the minimum length, the
// sub-function and the session. Records and numbering: dtc-store.ts, docs/UDS.md. In the TS subset.
import { bool, u32 } from '../../../transpiler/runtime/index.ts';
import { HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { NO_VM } from '../../../firmware/core/limits.ts';
import { bhVersion } from '../../sdk/ts/bulkhead.ts';
import {
  CONTROL_FAULT_CODE_COUNT,
  CONTROL_FAULT_SENSOR_RECOVERED,
  DTC_AVAILABILITY_MASK,
  DTC_CONTROL_BASE,
  DTC_HEALTH_BASE,
  dtcAt,
  dtcClearAll,
  dtcCount,
  dtcSetting,
  dtcStatusAt,
  dtcStatusOf,
} from './dtc-store.ts';
import {
  NRC_INCORRECT_LENGTH,
  NRC_REQUEST_OUT_OF_RANGE,
  NRC_RESPONSE_TOO_LONG,
  requestByte,
  requestU24,
  SID_CLEAR_DTC,
  SID_CONTROL_DTC_SETTING,
  SID_READ_DTC_INFORMATION,
  SUB_FUNCTION_MASK,
  UdsResponse,
} from './protocol.ts';

export const GROUP_ALL_DTCS = 0xffffff;
export const REPORT_NUMBER_BY_STATUS_MASK = 0x01;
export const REPORT_BY_STATUS_MASK = 0x02;
export const REPORT_SUPPORTED_DTCS = 0x0a;
/** DTCFormatIdentifier of 0x19 0x01: ISO 14229-1 DTC format. */
export const DTC_FORMAT_ISO14229 = 0x01;
export const DTC_SETTING_ON = 0x01;
export const DTC_SETTING_OFF = 0x02;
/** Health-monitor events per VM (HealthEvent of firmware/core/tables.ts). */
export const HEALTH_EVENTS = 6;
/** HealthEvent.InternalError: the one event the hypervisor logs against no VM. */
export const HEALTH_EVENT_INTERNAL_ERROR = 5;

const versionValues: Uint32Array = new Uint32Array(3);

/** True for the sub-functions of 0x19 this server has. */
export function readDtcSubFunctionSupported(sub: u32): bool {
  return (
    sub === REPORT_NUMBER_BY_STATUS_MASK || sub === REPORT_BY_STATUS_MASK || sub === REPORT_SUPPORTED_DTCS
  );
}

/** ClearDiagnosticInformation: `14 FF FF FF`. */
export function clearDtcs(request: Uint8Array, length: u32, response: UdsResponse): void {
  if (length !== 4) {
    response.negative(SID_CLEAR_DTC, NRC_INCORRECT_LENGTH);
    return;
  }
  if (requestU24(request, length, 1) !== GROUP_ALL_DTCS) {
    response.negative(SID_CLEAR_DTC, NRC_REQUEST_OUT_OF_RANGE);
    return;
  }
  dtcClearAll();
  response.positive(SID_CLEAR_DTC);
}

function putRecord(response: UdsResponse, dtc: u32, status: u32): void {
  response.put24(dtc);
  response.put(status);
}

/** Supported DTCs with their status: every health event of every VM, the hypervisor's internal
 *  error, every control fault code but "recovered". */
function putSupported(response: UdsResponse): void {
  let vms: u32 = 0;
  if (bhVersion(versionValues) === u32(HvResult.Ok)) {
    vms = versionValues[2];
  }
  if (vms > 255) {
    vms = 255;
  }
  for (let vm: u32 = 0; vm < vms; vm++) {
    for (let event: u32 = 0; event < HEALTH_EVENTS; event++) {
      const dtc = u32(u32(DTC_HEALTH_BASE | u32(vm << 8)) | event);
      putRecord(response, dtc, dtcStatusOf(dtc));
    }
  }
  const internal = u32(u32(DTC_HEALTH_BASE | u32(NO_VM << 8)) | HEALTH_EVENT_INTERNAL_ERROR);
  putRecord(response, internal, dtcStatusOf(internal));
  for (let code: u32 = 1; code < CONTROL_FAULT_CODE_COUNT + 1; code++) {
    if (code !== CONTROL_FAULT_SENSOR_RECOVERED) {
      const dtc = u32(DTC_CONTROL_BASE | code);
      putRecord(response, dtc, dtcStatusOf(dtc));
    }
  }
}

/** ReadDTCInformation 0x01, 0x02 (`19 sub mask`) and 0x0A (`19 0A`). */
export function readDtcInformation(request: Uint8Array, length: u32, response: UdsResponse): void {
  const sub = requestByte(request, length, 1);
  if (sub === REPORT_SUPPORTED_DTCS) {
    if (length !== 2) {
      response.negative(SID_READ_DTC_INFORMATION, NRC_INCORRECT_LENGTH);
      return;
    }
    response.positive(SID_READ_DTC_INFORMATION);
    response.put(sub);
    response.put(DTC_AVAILABILITY_MASK);
    putSupported(response);
  } else {
    if (length !== 3) {
      response.negative(SID_READ_DTC_INFORMATION, NRC_INCORRECT_LENGTH);
      return;
    }
    const mask = requestByte(request, length, 2);
    const count = dtcCount();
    response.positive(SID_READ_DTC_INFORMATION);
    response.put(sub);
    response.put(DTC_AVAILABILITY_MASK);
    let matching: u32 = 0;
    if (sub === REPORT_NUMBER_BY_STATUS_MASK) {
      for (let i: u32 = 0; i < count; i++) {
        if (u32(u32(dtcStatusAt(i) & mask) & DTC_AVAILABILITY_MASK) !== 0) {
          matching = u32(matching + 1);
        }
      }
      response.put(DTC_FORMAT_ISO14229);
      response.put16(matching);
    } else {
      for (let i: u32 = 0; i < count; i++) {
        if (u32(u32(dtcStatusAt(i) & mask) & DTC_AVAILABILITY_MASK) !== 0) {
          putRecord(response, dtcAt(i), dtcStatusAt(i));
        }
      }
    }
  }
  if (response.tooLong) {
    response.negative(SID_READ_DTC_INFORMATION, NRC_RESPONSE_TOO_LONG);
  }
}

/** ControlDTCSetting: `85 01` on, `85 02` off (the dispatcher checked the extended session). */
export function controlDtcSetting(request: Uint8Array, length: u32, response: UdsResponse): void {
  if (length !== 2) {
    response.negative(SID_CONTROL_DTC_SETTING, NRC_INCORRECT_LENGTH);
    return;
  }
  const sub = u32(requestByte(request, length, 1) & SUB_FUNCTION_MASK);
  dtcSetting(sub === DTC_SETTING_ON);
  response.positive(SID_CONTROL_DTC_SETTING);
  response.put(sub);
}
