// Job: UDS negative response codes (ISO 14229-1 annex A.1) and their names, for messages and CLI
// output.

/** Negative response SID. */
export const NEGATIVE_RESPONSE_SID = 0x7f;
/** requestCorrectlyReceived-ResponsePending: the final answer follows within P2*. */
export const NRC_RESPONSE_PENDING = 0x78;

const NRC_NAMES: Readonly<Record<number, string>> = {
  0x10: 'generalReject',
  0x11: 'serviceNotSupported',
  0x12: 'subFunctionNotSupported',
  0x13: 'incorrectMessageLengthOrInvalidFormat',
  0x14: 'responseTooLong',
  0x21: 'busyRepeatRequest',
  0x22: 'conditionsNotCorrect',
  0x24: 'requestSequenceError',
  0x25: 'noResponseFromSubnetComponent',
  0x26: 'failurePreventsExecutionOfRequestedAction',
  0x31: 'requestOutOfRange',
  0x33: 'securityAccessDenied',
  0x35: 'invalidKey',
  0x36: 'exceededNumberOfAttempts',
  0x37: 'requiredTimeDelayNotExpired',
  0x70: 'uploadDownloadNotAccepted',
  0x71: 'transferDataSuspended',
  0x72: 'generalProgrammingFailure',
  0x73: 'wrongBlockSequenceCounter',
  0x78: 'requestCorrectlyReceived-ResponsePending',
  0x7e: 'subFunctionNotSupportedInActiveSession',
  0x7f: 'serviceNotSupportedInActiveSession',
  0x81: 'rpmTooHigh',
  0x82: 'rpmTooLow',
  0x83: 'engineIsRunning',
  0x84: 'engineIsNotRunning',
  0x85: 'engineRunTimeTooLow',
  0x86: 'temperatureTooHigh',
  0x87: 'temperatureTooLow',
  0x88: 'vehicleSpeedTooHigh',
  0x89: 'vehicleSpeedTooLow',
  0x8a: 'throttle/PedalTooHigh',
  0x8b: 'throttle/PedalTooLow',
  0x8c: 'transmissionRangeNotInNeutral',
  0x8d: 'transmissionRangeNotInGear',
  0x8f: 'brakeSwitch(es)NotClosed',
  0x90: 'shifterLeverNotInPark',
  0x91: 'torqueConverterClutchLocked',
  0x92: 'voltageTooHigh',
  0x93: 'voltageTooLow',
};

/** The ISO 14229-1 name of `nrc`, or `reserved/manufacturer-specific` for codes without one. */
export function nrcName(nrc: number): string {
  return NRC_NAMES[nrc] ?? (nrc >= 0x94 && nrc <= 0xfe ? 'vehicleManufacturerSpecific' : 'ISOSAEReserved');
}

/** `0x35 invalidKey`. */
export function describeNrc(nrc: number): string {
  return `0x${nrc.toString(16).toUpperCase().padStart(2, '0')} ${nrcName(nrc)}`;
}
