// Host-side CAN frame values and their two text forms: the `cansend` argument syntax
// (`123#11223344`, `18DAF110#0210`, `123#R4`) parsed with errors naming the offending input, and the
// candump log line (`(1700000000.123456) vcan 123#1122`) written for received frames.

export interface CanMessage {
  /** 11-bit (standard) or 29-bit (extended) identifier. */
  id: number;
  extended: boolean;
  remote: boolean;
  /** Data length code 0..8 (for remote frames, the requested length). */
  dlc: number;
  /** `dlc` data bytes (empty for remote frames). */
  data: Uint8Array;
  /** Milliseconds modulo 60000 from the bus (`Z1`), when the line carried one. */
  busTimestampMs?: number;
  /** Host wall-clock time the line arrived, in microseconds since the Unix epoch. */
  receivedAtUs?: number;
}

export const CAN_STD_ID_MAX = 0x7ff;
export const CAN_EXT_ID_MAX = 0x1fff_ffff;

/** Checks a frame before it is sent; throws an error naming the offending field. */
export function checkCanMessage(frame: CanMessage): void {
  const max = frame.extended ? CAN_EXT_ID_MAX : CAN_STD_ID_MAX;
  if (!Number.isInteger(frame.id) || frame.id < 0 || frame.id > max) {
    throw new Error(
      `CAN identifier 0x${frame.id.toString(16)} is out of range for a ${frame.extended ? '29' : '11'}-bit ID (max 0x${max.toString(16)})`,
    );
  }
  if (!Number.isInteger(frame.dlc) || frame.dlc < 0 || frame.dlc > 8)
    throw new Error(`CAN DLC ${frame.dlc} is out of range 0..8`);
  if (!frame.remote && frame.data.length !== frame.dlc) {
    throw new Error(`CAN data has ${frame.data.length} bytes but the DLC is ${frame.dlc}`);
  }
}

/** Parses the `cansend` syntax: `<id>#<data>` with a 3-digit (standard) or 8-digit (extended)
 *  hexadecimal ID and up to 8 data bytes as hex pairs (optionally separated by `.`), or `<id>#R[len]`
 *  for a remote frame. */
export function parseCanSendArgument(text: string): CanMessage {
  const match = /^([0-9A-Fa-f]{3}|[0-9A-Fa-f]{8})#(.*)$/.exec(text);
  if (match === null) {
    throw new Error(
      `'${text}' is not <id>#<data>: the ID must be 3 hex digits (standard) or 8 (extended), then '#'`,
    );
  }
  const idText = match[1];
  const body = match[2];
  const extended = idText.length === 8;
  const id = parseInt(idText, 16);
  const max = extended ? CAN_EXT_ID_MAX : CAN_STD_ID_MAX;
  if (id > max) throw new Error(`'${text}': identifier 0x${idText} is above 0x${max.toString(16)}`);
  const remote = /^R([0-8])?$/i.exec(body);
  if (remote !== null) {
    return {
      id,
      extended,
      remote: true,
      dlc: remote[1] === undefined ? 0 : Number(remote[1]),
      data: new Uint8Array(0),
    };
  }
  const hex = body.replace(/\./g, '');
  if (!/^([0-9A-Fa-f]{2})*$/.test(hex)) {
    throw new Error(`'${text}': data '${body}' is not hex byte pairs (e.g. 11.22.33 or 112233)`);
  }
  if (hex.length > 16) throw new Error(`'${text}': ${hex.length / 2} data bytes, at most 8`);
  const data = Uint8Array.from(Buffer.from(hex, 'hex'));
  return { id, extended, remote: false, dlc: data.length, data };
}

function hexUpper(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}

/** `123#1122`, `18DAF110#0210`, `123#R4`: the ID and data part of a candump log line. */
export function formatCanFrame(frame: CanMessage): string {
  const id = hexUpper(frame.id, frame.extended ? 8 : 3);
  if (frame.remote) return `${id}#R${frame.dlc > 0 ? frame.dlc : ''}`;
  return `${id}#${Buffer.from(frame.data).toString('hex').toUpperCase()}`;
}

/** A candump log line: `(seconds.microseconds) <interface> <frame>`. */
export function formatCandumpLine(frame: CanMessage, interfaceName: string): string {
  const us = frame.receivedAtUs ?? Date.now() * 1000;
  const seconds = Math.floor(us / 1e6);
  const micros = Math.floor(us - seconds * 1e6);
  return `(${seconds}.${String(micros).padStart(6, '0')}) ${interfaceName} ${formatCanFrame(frame)}`;
}
