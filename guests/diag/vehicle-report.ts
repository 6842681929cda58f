// Decoding of the control guest's messages for the diagnostic guest's console report, in the TS subset
// (transpiled into the guest, run as is by the Node tests): fields of the `vehicle_status` sampling
// message and of `control_faults` queuing messages (layouts: docs/HIL-PROTOCOL.md "Port and CAN
// messages", little endian), and decimal rendering of values into a byte buffer (the subset has no
// string operations).
import { checkIndex, div, rem, u32, u8 } from '../../transpiler/runtime/index.ts';

/** Bytes of a `vehicle_status` message. */
export const VEHICLE_STATUS_BYTES = 20;
/** Bytes of a `control_faults` message. */
export const CONTROL_FAULT_BYTES = 12;

const STATUS_SPEED_OFFSET = 4;
const STATUS_SETPOINT_OFFSET = 6;
const STATUS_MODE_OFFSET = 14;
const STATUS_FAULT_FLAGS_OFFSET = 15;
const FAULT_CODE_OFFSET = 0;
const FAULT_SPEED_OFFSET = 2;
const FAULT_PERIOD_OFFSET = 4;

const ASCII_ZERO = 0x30;
const ASCII_DOT: u8 = 0x2e;

function u16At(message: Uint8Array, offset: u32): u32 {
  return u32(
    u32(message[checkIndex(offset, message.length)]) |
      u32(u32(message[checkIndex(u32(offset + 1), message.length)]) << 8),
  );
}

function u32At(message: Uint8Array, offset: u32): u32 {
  return u32(u16At(message, offset) | u32(u16At(message, u32(offset + 2)) << 16));
}

/** Speed in 0.01 km/h of a `vehicle_status` message. */
export function statusSpeedCentiKmh(message: Uint8Array): u32 {
  return u16At(message, STATUS_SPEED_OFFSET);
}

/** Set-point in 0.01 km/h of a `vehicle_status` message. */
export function statusSetpointCentiKmh(message: Uint8Array): u32 {
  return u16At(message, STATUS_SETPOINT_OFFSET);
}

/** Mode of a `vehicle_status` message: 0 waiting, 1 cruise, 2 fail-safe, 3 off. */
export function statusMode(message: Uint8Array): u32 {
  return u32(message[checkIndex(STATUS_MODE_OFFSET, message.length)]);
}

/** Fault flags of a `vehicle_status` message (bit 0 sensor timeout, bit 1 implausible sample, bit 2
 *  link errors). */
export function statusFaultFlags(message: Uint8Array): u32 {
  return u32(message[checkIndex(STATUS_FAULT_FLAGS_OFFSET, message.length)]);
}

/** Fault code of a `control_faults` message (1 sensor timeout … 6 link errors). */
export function faultCode(message: Uint8Array): u32 {
  return u32(message[checkIndex(FAULT_CODE_OFFSET, message.length)]);
}

/** Speed involved in a `control_faults` message, 0.01 km/h. */
export function faultSpeedCentiKmh(message: Uint8Array): u32 {
  return u16At(message, FAULT_SPEED_OFFSET);
}

/** Control period counter of a `control_faults` message. */
export function faultPeriod(message: Uint8Array): u32 {
  return u32At(message, FAULT_PERIOD_OFFSET);
}

/** Writes `value` in decimal into `out` from index 0 (at most 10 digits); returns the digit count. */
export function writeDecimal(value: u32, out: Uint8Array): u32 {
  let digits: u32 = 1;
  let rest = div(value, 10);
  while (rest !== 0 && digits < 10) {
    digits = u32(digits + 1);
    rest = div(rest, 10);
  }
  let v = value;
  for (let i: u32 = 0; i < digits; i++) {
    out[checkIndex(u32(digits - 1 - i), out.length)] = u8(ASCII_ZERO + rem(v, 10));
    v = div(v, 10);
  }
  return digits;
}

/** Writes hundredths `centis` as a decimal number with two decimals ("100.05") into `out` from index
 *  0; returns its length. */
export function writeCentis(centis: u32, out: Uint8Array): u32 {
  const whole = writeDecimal(div(centis, 100), out);
  const fraction = rem(centis, 100);
  out[checkIndex(whole, out.length)] = ASCII_DOT;
  out[checkIndex(u32(whole + 1), out.length)] = u8(ASCII_ZERO + div(fraction, 10));
  out[checkIndex(u32(whole + 2), out.length)] = u8(ASCII_ZERO + rem(fraction, 10));
  return u32(whole + 3);
}
