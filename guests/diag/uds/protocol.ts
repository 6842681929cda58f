// UDS (ISO 14229-1) protocol constants of the diagnostic guest's server (service identifiers, negative
// response codes, sessions) and `UdsResponse`, the buffer a service writes its response into (bounded
// by the 4095-byte ISO-TP message limit; writing past it marks the response too long, NRC 0x14).
// In the TS subset.
import { bool, checkIndex, u32, u8 } from '../../../transpiler/runtime/index.ts';

/** Largest response: the 12-bit ISO-TP message length. */
export const UDS_MAX_MESSAGE = 4095;

export const SID_DIAGNOSTIC_SESSION_CONTROL = 0x10;
export const SID_ECU_RESET = 0x11;
export const SID_CLEAR_DTC = 0x14;
export const SID_READ_DTC_INFORMATION = 0x19;
export const SID_READ_DATA_BY_IDENTIFIER = 0x22;
export const SID_SECURITY_ACCESS = 0x27;
export const SID_WRITE_DATA_BY_IDENTIFIER = 0x2e;
export const SID_ROUTINE_CONTROL = 0x31;
export const SID_TESTER_PRESENT = 0x3e;
export const SID_CONTROL_DTC_SETTING = 0x85;

/** Positive response SID = request SID + 0x40; negative responses start with 0x7F. */
export const POSITIVE_RESPONSE_OFFSET = 0x40;
export const NEGATIVE_RESPONSE_SID = 0x7f;
/** Bit 7 of a sub-function: suppressPosRspMsgIndicationBit. */
export const SUPPRESS_POSITIVE_RESPONSE = 0x80;
export const SUB_FUNCTION_MASK = 0x7f;

/** Negative response codes (ISO 14229-1 annex A.1). */
export const NRC_SERVICE_NOT_SUPPORTED = 0x11;
export const NRC_SUB_FUNCTION_NOT_SUPPORTED = 0x12;
export const NRC_INCORRECT_LENGTH = 0x13;
export const NRC_RESPONSE_TOO_LONG = 0x14;
export const NRC_BUSY_REPEAT_REQUEST = 0x21;
export const NRC_CONDITIONS_NOT_CORRECT = 0x22;
export const NRC_REQUEST_SEQUENCE_ERROR = 0x24;
export const NRC_REQUEST_OUT_OF_RANGE = 0x31;
export const NRC_SECURITY_ACCESS_DENIED = 0x33;
export const NRC_INVALID_KEY = 0x35;
export const NRC_EXCEEDED_ATTEMPTS = 0x36;
export const NRC_DELAY_NOT_EXPIRED = 0x37;
export const NRC_RESPONSE_PENDING = 0x78;
export const NRC_SUB_FUNCTION_NOT_SUPPORTED_IN_SESSION = 0x7e;
export const NRC_SERVICE_NOT_SUPPORTED_IN_SESSION = 0x7f;

/** Diagnostic sessions (sub-functions of 0x10). */
export const SESSION_DEFAULT = 0x01;
export const SESSION_PROGRAMMING = 0x02;
export const SESSION_EXTENDED = 0x03;

/** A response being built: bytes [0, length) of `data`. */
export class UdsResponse {
  data: Uint8Array = new Uint8Array(UDS_MAX_MESSAGE);
  length: u32 = 0;
  /** A write did not fit: the response must be replaced by NRC 0x14. */
  tooLong: bool = false;
  /** No response at all (suppressed positive response, or nothing to answer). */
  suppressed: bool = false;

  /** Starts a positive response to service `sid`. */
  positive(sid: u32): void {
    this.length = 0;
    this.tooLong = false;
    this.suppressed = false;
    this.put(u32(sid + POSITIVE_RESPONSE_OFFSET));
  }

  /** Replaces the response by the negative response `7F sid nrc`. */
  negative(sid: u32, nrc: u32): void {
    this.length = 0;
    this.tooLong = false;
    this.suppressed = false;
    this.put(NEGATIVE_RESPONSE_SID);
    this.put(sid);
    this.put(nrc);
  }

  /** No response will be sent. */
  suppress(): void {
    this.length = 0;
    this.tooLong = false;
    this.suppressed = true;
  }

  /** True when the response is negative. */
  isNegative(): bool {
    return this.length >= 3 && u32(this.data[0]) === NEGATIVE_RESPONSE_SID;
  }

  /** NRC of a negative response (0 for a positive one). */
  nrc(): u32 {
    if (!this.isNegative()) {
      return 0;
    }
    return u32(this.data[2]);
  }

  /** Appends one byte (the low 8 bits of `value`). */
  put(value: u32): void {
    if (this.length >= UDS_MAX_MESSAGE) {
      this.tooLong = true;
      return;
    }
    this.data[checkIndex(this.length, this.data.length)] = u8(value & 0xff);
    this.length = u32(this.length + 1);
  }

  /** Appends a big-endian 16-bit value. */
  put16(value: u32): void {
    this.put(u32(value >>> 8));
    this.put(value);
  }

  /** Appends a big-endian 24-bit value. */
  put24(value: u32): void {
    this.put(u32(value >>> 16));
    this.put16(value);
  }

  /** Appends a big-endian 32-bit value. */
  put32(value: u32): void {
    this.put16(u32(value >>> 16));
    this.put16(value);
  }
}

/** Byte `index` of a request of `length` bytes (0 beyond its end). */
export function requestByte(request: Uint8Array, length: u32, index: u32): u32 {
  if (index >= length || index >= request.length) {
    return 0;
  }
  return u32(request[checkIndex(index, request.length)]);
}

/** Big-endian 16-bit value at `index` of a request. */
export function requestU16(request: Uint8Array, length: u32, index: u32): u32 {
  return u32(u32(requestByte(request, length, index) << 8) | requestByte(request, length, u32(index + 1)));
}

/** Big-endian 24-bit value at `index` of a request. */
export function requestU24(request: Uint8Array, length: u32, index: u32): u32 {
  return u32(u32(requestByte(request, length, index) << 16) | requestU16(request, length, u32(index + 1)));
}

/** Big-endian 32-bit value at `index` of a request. */
export function requestU32(request: Uint8Array, length: u32, index: u32): u32 {
  return u32(u32(requestU16(request, length, index) << 16) | requestU16(request, length, u32(index + 2)));
}
