// SLCAN (Lawicel ASCII) codec for the virtual CAN bus: a byte-at-a-time line parser for what the host
// sends on the bus UART and a formatter for what the hypervisor sends back. Pure data transformation:
// no I/O, no allocation, bounded buffers; any malformed input becomes a decoded error (never a crash)
// and the parser resynchronises at the next CR. Supported commands and replies: docs/VCAN.md.
import { u32, u8 } from '../../../transpiler/runtime/index.ts';

/** Line terminator (also the "OK" reply). */
export const SLCAN_CR = 0x0d;
/** Error reply (BEL). */
export const SLCAN_BEL = 0x07;
/** Line feed: skipped at the start of a line (CR LF senders). */
export const SLCAN_LF = 0x0a;
/** Characters a line may hold before its CR; longer lines are refused whole. The longest valid line is
 *  an extended data frame with a timestamp: 1 + 8 + 1 + 16 + 4 = 30. */
export const SLCAN_LINE_MAX = 32;
/** Largest standard (11-bit) identifier. */
export const CAN_STD_ID_MAX = 0x7ff;
/** Largest extended (29-bit) identifier. */
export const CAN_EXT_ID_MAX = 0x1fffffff;
/** Largest data length code (classic CAN). */
export const CAN_DLC_MAX = 8;
/** Timestamps (`Z1`) count milliseconds modulo this value (Lawicel: 0..0xEA5F). */
export const SLCAN_TIMESTAMP_MODULO = 60000;
/** Largest bitrate code of `Sn` (S0 = 10 kbit/s … S8 = 1 Mbit/s). */
export const SLCAN_BITRATE_CODE_MAX = 8;

const CHAR_0 = 0x30;
const CHAR_1 = 0x31;
const CHAR_9 = 0x39;
const CHAR_UPPER_A = 0x41;
const CHAR_UPPER_F = 0x46;
const CHAR_LOWER_A = 0x61;
const CHAR_LOWER_F = 0x66;
const CHAR_O = 0x4f;
const CHAR_L = 0x4c;
const CHAR_C = 0x43;
const CHAR_S = 0x53;
const CHAR_V = 0x56;
const CHAR_N = 0x4e;
const CHAR_F = 0x46;
const CHAR_Z = 0x5a;
const CHAR_LOWER_Z = 0x7a;
const CHAR_LOWER_T = 0x74;
const CHAR_UPPER_T = 0x54;
const CHAR_LOWER_R = 0x72;
const CHAR_UPPER_R = 0x52;
const CHAR_B = 0x42;
const CHAR_H = 0x48;

/** Hardware and software version reported by `V` (`Vhhss`): 01 / 01. */
export const SLCAN_VERSION_HW = 0x01;
export const SLCAN_VERSION_SW = 0x01;

/** What a complete line asks for. */
export enum SlcanCommand {
  /** An empty line (CR alone): ignored, no reply (tools send CRs to flush the adapter). */
  Empty = 0,
  /** `O`: open the channel. */
  Open = 1,
  /** `L`: open the channel listen-only (frames from the host are refused). */
  ListenOnly = 2,
  /** `C`: close the channel. */
  Close = 3,
  /** `Sn`: bitrate code n (0..8) in `argument`. */
  Bitrate = 4,
  /** `V`: version query. */
  Version = 5,
  /** `N`: serial-number query. */
  Serial = 6,
  /** `F`: status flags query. */
  Status = 7,
  /** `Zn`: timestamps off (0) or on (1) in `argument`. */
  Timestamps = 8,
  /** `t`/`T`/`r`/`R`: a frame, decoded into `frame`. */
  Frame = 9,
  /** A malformed line: the reason is in `error`. */
  Error = 10,
}

/** Why a line was refused. */
export enum SlcanError {
  None = 0,
  /** The first character names no supported command. */
  UnknownCommand = 1,
  /** A character that must be a hexadecimal digit is not one. */
  BadHex = 2,
  /** The line is too short or too long for its command (data length not matching the DLC). */
  BadLength = 3,
  /** Standard identifier above 0x7FF or extended identifier above 0x1FFFFFFF. */
  IdOutOfRange = 4,
  /** Data length code above 8. */
  DlcOutOfRange = 5,
  /** More than `SLCAN_LINE_MAX` characters before the CR. */
  Overlong = 6,
  /** A command argument out of range (`S9`, `Z2`). */
  BadArgument = 7,
}

/** One classic CAN frame. */
export class CanFrame {
  id: u32 = 0;
  extended: boolean = false;
  remote: boolean = false;
  dlc: u32 = 0;
  data: Uint8Array = new Uint8Array(8);
  /** Milliseconds (modulo 60000) when the line carried a timestamp, else 0. */
  timestamp: u32 = 0;
  hasTimestamp: boolean = false;
}

/** Line parser state and the decoded result of the last complete line. */
export class SlcanParser {
  line: Uint8Array = new Uint8Array(32);
  length: u32 = 0;
  /** The current line overflowed `line`: it is discarded up to the next CR. */
  overlong: boolean = false;
  /** Frame lines may end in a 4-digit timestamp (set on the host side, which reads the hypervisor's
   *  output; the hypervisor refuses timestamps from the host). */
  acceptTimestamps: boolean = false;
  command: SlcanCommand = SlcanCommand.Empty;
  error: SlcanError = SlcanError.None;
  argument: u32 = 0;
  frame: CanFrame = new CanFrame();
  /** Complete lines seen (empty ones included). */
  lines: u32 = 0;
  /** Lines refused (`command === Error`). */
  errors: u32 = 0;
}

/** Forgets any partial line and the counters. */
export function slcanParserReset(p: SlcanParser): void {
  p.length = 0;
  p.overlong = false;
  p.command = SlcanCommand.Empty;
  p.error = SlcanError.None;
  p.argument = 0;
  p.lines = 0;
  p.errors = 0;
}

/** Value of hexadecimal digit `c`, or 16 when `c` is not one (upper and lower case accepted). */
export function hexDigitValue(c: u32): u32 {
  if (c >= CHAR_0 && c <= CHAR_9) {
    return u32(c - CHAR_0);
  }
  if (c >= CHAR_UPPER_A && c <= CHAR_UPPER_F) {
    return u32(c - CHAR_UPPER_A + 10);
  }
  if (c >= CHAR_LOWER_A && c <= CHAR_LOWER_F) {
    return u32(c - CHAR_LOWER_A + 10);
  }
  return 16;
}

/** Upper-case hexadecimal digit of the low four bits of `value`. */
export function hexDigitChar(value: u32): u8 {
  const nibble = u32(value & 0xf);
  return nibble < 10 ? u8(nibble + CHAR_0) : u8(nibble - 10 + CHAR_UPPER_A);
}

function refuse(p: SlcanParser, error: SlcanError): void {
  p.command = SlcanCommand.Error;
  p.error = error;
  p.errors = u32(p.errors + 1);
}

/** Reads `count` hex digits of the line from `start` into `p.argument`; false (and `BadHex`) when one is
 *  not a digit. `count` is at most 8. */
function readHex(p: SlcanParser, start: u32, count: u32): boolean {
  let value: u32 = 0;
  for (let i: u32 = 0; i < count; i = u32(i + 1)) {
    const at = u32(start + i);
    if (at >= p.length || at >= p.line.length) {
      refuse(p, SlcanError.BadLength);
      return false;
    }
    const digit = hexDigitValue(u32(p.line[u32(at & 31)]));
    if (digit > 15) {
      refuse(p, SlcanError.BadHex);
      return false;
    }
    value = u32(u32(value << 4) | digit);
  }
  p.argument = value;
  return true;
}

/** Decodes a one-character command: anything after the letter is an error. */
function decodeBare(p: SlcanParser, command: SlcanCommand): void {
  if (p.length !== 1) {
    refuse(p, SlcanError.BadLength);
    return;
  }
  p.command = command;
}

/** Decodes `Sn` (n in 0..`max`) or `Zn`. */
function decodeDigitArgument(p: SlcanParser, command: SlcanCommand, max: u32): void {
  if (p.length !== 2) {
    refuse(p, SlcanError.BadLength);
    return;
  }
  const c = u32(p.line[1]);
  if (c < CHAR_0 || c > CHAR_9) {
    refuse(p, SlcanError.BadArgument);
    return;
  }
  const value = u32(c - CHAR_0);
  if (value > max) {
    refuse(p, SlcanError.BadArgument);
    return;
  }
  p.command = command;
  p.argument = value;
}

/** Decodes `tiiiL<data>`, `TiiiiiiiiL<data>`, `riiiL`, `RiiiiiiiiL` (plus a 4-digit timestamp when the
 *  parser accepts them). */
function decodeFrame(p: SlcanParser, extended: boolean, remote: boolean): void {
  const idDigits: u32 = extended ? 8 : 3;
  const headerLength = u32(idDigits + 2);
  if (p.length < headerLength) {
    refuse(p, SlcanError.BadLength);
    return;
  }
  if (!readHex(p, 1, idDigits)) {
    return;
  }
  const id = p.argument;
  if (id > (extended ? CAN_EXT_ID_MAX : CAN_STD_ID_MAX)) {
    refuse(p, SlcanError.IdOutOfRange);
    return;
  }
  if (!readHex(p, u32(idDigits + 1), 1)) {
    return;
  }
  const dlc = p.argument;
  if (dlc > CAN_DLC_MAX) {
    refuse(p, SlcanError.DlcOutOfRange);
    return;
  }
  const dataChars: u32 = remote ? 0 : u32(dlc << 1);
  const bodyLength = u32(headerLength + dataChars);
  const withTimestamp = p.acceptTimestamps && p.length === u32(bodyLength + 4);
  if (p.length !== bodyLength && !withTimestamp) {
    refuse(p, SlcanError.BadLength);
    return;
  }
  const frame = p.frame;
  for (let i: u32 = 0; i < 8; i++) {
    frame.data[i] = 0;
  }
  if (!remote) {
    for (let i: u32 = 0; i < dlc; i = u32(i + 1)) {
      if (!readHex(p, u32(headerLength + u32(i << 1)), 2)) {
        return;
      }
      frame.data[u32(i & 7)] = u8(p.argument);
    }
  }
  frame.timestamp = 0;
  frame.hasTimestamp = false;
  if (withTimestamp) {
    if (!readHex(p, bodyLength, 4)) {
      return;
    }
    frame.timestamp = p.argument;
    frame.hasTimestamp = true;
  }
  frame.id = id;
  frame.extended = extended;
  frame.remote = remote;
  frame.dlc = dlc;
  p.argument = 0;
  p.command = SlcanCommand.Frame;
}

/** Decodes the complete line held in `p.line[0 .. p.length)`. */
function decodeLine(p: SlcanParser): void {
  p.error = SlcanError.None;
  p.argument = 0;
  if (p.length === 0) {
    p.command = SlcanCommand.Empty;
    return;
  }
  const first = u32(p.line[0]);
  switch (first) {
    case CHAR_O:
      decodeBare(p, SlcanCommand.Open);
      break;
    case CHAR_L:
      decodeBare(p, SlcanCommand.ListenOnly);
      break;
    case CHAR_C:
      decodeBare(p, SlcanCommand.Close);
      break;
    case CHAR_V:
      decodeBare(p, SlcanCommand.Version);
      break;
    case CHAR_N:
      decodeBare(p, SlcanCommand.Serial);
      break;
    case CHAR_F:
      decodeBare(p, SlcanCommand.Status);
      break;
    case CHAR_S:
      decodeDigitArgument(p, SlcanCommand.Bitrate, SLCAN_BITRATE_CODE_MAX);
      break;
    case CHAR_Z:
      decodeDigitArgument(p, SlcanCommand.Timestamps, 1);
      break;
    case CHAR_LOWER_T:
      decodeFrame(p, false, false);
      break;
    case CHAR_UPPER_T:
      decodeFrame(p, true, false);
      break;
    case CHAR_LOWER_R:
      decodeFrame(p, false, true);
      break;
    case CHAR_UPPER_R:
      decodeFrame(p, true, true);
      break;
    default:
      refuse(p, SlcanError.UnknownCommand);
      break;
  }
}

/** Feeds one received byte. Returns true when it completed a line: the result is then in `p.command`
 *  (and `p.error`, `p.argument`, `p.frame`). A line longer than `SLCAN_LINE_MAX` completes, at its CR,
 *  as an `Overlong` error. */
export function slcanFeed(p: SlcanParser, byte: u8): boolean {
  if (byte === SLCAN_CR) {
    p.lines = u32(p.lines + 1);
    if (p.overlong) {
      p.overlong = false;
      p.length = 0;
      p.argument = 0;
      refuse(p, SlcanError.Overlong);
      return true;
    }
    decodeLine(p);
    p.length = 0;
    return true;
  }
  if (byte === SLCAN_LF && p.length === 0 && !p.overlong) {
    return false;
  }
  if (p.overlong) {
    return false;
  }
  if (p.length >= p.line.length) {
    p.overlong = true;
    return false;
  }
  p.line[u32(p.length & 31)] = byte;
  p.length = u32(p.length + 1);
  return false;
}

/** Bytes of one reply or frame line being formatted. */
export class SlcanWriter {
  bytes: Uint8Array = new Uint8Array(64);
  length: u32 = 0;
}

export function slcanWriterClear(w: SlcanWriter): void {
  w.length = 0;
}

/** Appends one byte (dropped if the writer is full, which no formatter here can cause). */
export function slcanPut(w: SlcanWriter, byte: u8): void {
  if (w.length < w.bytes.length) {
    w.bytes[u32(w.length & 63)] = byte;
    w.length = u32(w.length + 1);
  }
}

/** Appends the low `digits` hex digits of `value`, most significant first (at most 8). */
export function slcanPutHex(w: SlcanWriter, value: u32, digits: u32): void {
  for (let i: u32 = digits; i > 0; i--) {
    slcanPut(w, hexDigitChar(value >>> (u32(i - 1) << 2)));
  }
}

/** Appends the OK reply (CR). */
export function slcanPutOk(w: SlcanWriter): void {
  slcanPut(w, SLCAN_CR);
}

/** Appends the error reply (BEL). */
export function slcanPutError(w: SlcanWriter): void {
  slcanPut(w, SLCAN_BEL);
}

/** Appends the reply to an accepted frame transmission: `z` CR (standard) or `Z` CR (extended). */
export function slcanPutFrameAck(w: SlcanWriter, extended: boolean): void {
  slcanPut(w, extended ? CHAR_Z : CHAR_LOWER_Z);
  slcanPut(w, SLCAN_CR);
}

/** Appends the version reply `Vhhss` CR. */
export function slcanPutVersion(w: SlcanWriter): void {
  slcanPut(w, CHAR_V);
  slcanPutHex(w, SLCAN_VERSION_HW, 2);
  slcanPutHex(w, SLCAN_VERSION_SW, 2);
  slcanPut(w, SLCAN_CR);
}

/** Appends the serial-number reply `NBH01` CR. */
export function slcanPutSerial(w: SlcanWriter): void {
  slcanPut(w, CHAR_N);
  slcanPut(w, CHAR_B);
  slcanPut(w, CHAR_H);
  slcanPut(w, CHAR_0);
  slcanPut(w, CHAR_1);
  slcanPut(w, SLCAN_CR);
}

/** Appends the status reply `Fxx` CR. */
export function slcanPutStatus(w: SlcanWriter, flags: u8): void {
  slcanPut(w, CHAR_F);
  slcanPutHex(w, flags, 2);
  slcanPut(w, SLCAN_CR);
}

/** Appends `frame` as a frame line (`t`, `T`, `r` or `R`), with a 4-digit millisecond timestamp when
 *  `withTimestamp`, and its CR. */
export function slcanPutFrame(
  w: SlcanWriter,
  frame: CanFrame,
  withTimestamp: boolean,
  milliseconds: u32,
): void {
  if (frame.remote) {
    slcanPut(w, frame.extended ? CHAR_UPPER_R : CHAR_LOWER_R);
  } else {
    slcanPut(w, frame.extended ? CHAR_UPPER_T : CHAR_LOWER_T);
  }
  slcanPutHex(w, frame.id, frame.extended ? 8 : 3);
  const dlc: u32 = frame.dlc > CAN_DLC_MAX ? CAN_DLC_MAX : frame.dlc;
  slcanPutHex(w, dlc, 1);
  if (!frame.remote) {
    for (let i: u32 = 0; i < dlc; i = u32(i + 1)) {
      slcanPutHex(w, u32(frame.data[u32(i & 7)]), 2);
    }
  }
  if (withTimestamp) {
    slcanPutHex(w, milliseconds, 4);
  }
  slcanPut(w, SLCAN_CR);
}
