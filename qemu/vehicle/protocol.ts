// Job: the HIL link protocol on UART2 (docs/HIL-PROTOCOL.md) on the host side: frame encoding, the
// CRC-8 checksum, the actuator/sensor payload layouts with their scaling, and a byte-stream decoder
// that counts malformed frames (bad sync, type, length or checksum) and resynchronises without ever
// throwing. The C side of the same protocol is guests/control/hil_link.c.

/** First and second sync bytes of every frame. */
export const SYNC_0 = 0xa5;
export const SYNC_1 = 0x5a;
/** Bytes before the payload: sync 0, sync 1, type, length. */
export const HEADER_BYTES = 4;
/** Bytes after the payload: the CRC-8. */
export const TRAILER_BYTES = 1;
/** Largest payload any frame type may declare; a longer length is malformed. */
export const MAX_PAYLOAD_BYTES = 16;

/** Frame types. Guest → host types have bit 7 clear, host → guest types have it set. */
export enum FrameType {
  /** Guest → host, once per control period: sequence, throttle, brake. */
  Actuator = 0x01,
  /** Host → guest, the reply to one actuator frame: sequence echoed, speed, status flags. */
  Sensor = 0x81,
  /** Host → test harness only (never sent to the guest in QEMU): the period of the last actuator
   *  frame is over, whether or not a sensor frame was sent. Lets a host harness run in lock-step
   *  through a simulated dropout without a wall-clock timeout. */
  PeriodEnd = 0xfe,
}

/** Exact payload length of each frame type. */
export const PAYLOAD_BYTES: Readonly<Record<FrameType, number>> = {
  [FrameType.Actuator]: 6,
  [FrameType.Sensor]: 5,
  [FrameType.PeriodEnd]: 2,
};

/** Throttle and brake travel: 0..ACTUATOR_SCALE stands for 0..1. */
export const ACTUATOR_SCALE = 10_000;
/** Speed unit on the wire: 0.01 km/h per count (u16: 0 .. 655.35 km/h). */
export const SPEED_COUNTS_PER_KMH = 100;

/** Sensor status flags. */
export const SENSOR_FLAG_VALID = 0x01;
/** The actuator frame carried a throttle or brake above ACTUATOR_SCALE; the host clamped it. */
export const SENSOR_FLAG_ACTUATOR_CLAMPED = 0x02;
/** The host counted at least one malformed frame since its previous sensor frame. */
export const SENSOR_FLAG_HOST_RX_ERROR = 0x04;

export interface ActuatorCommand {
  sequence: number; // u16
  throttle: number; // 0..ACTUATOR_SCALE
  brake: number; // 0..ACTUATOR_SCALE
}

export interface SensorReading {
  sequence: number; // u16, the actuator sequence answered
  speedCounts: number; // u16, 0.01 km/h
  flags: number; // u8
}

export type Frame =
  | { type: FrameType.Actuator; actuator: ActuatorCommand }
  | { type: FrameType.Sensor; sensor: SensorReading }
  | { type: FrameType.PeriodEnd; sequence: number };

/** CRC-8, polynomial x^8+x^2+x+1 (0x07), initial value 0, no reflection, no final XOR
 *  (the "CRC-8/SMBUS" parameter set; check value 0xF4 for ASCII "123456789"). */
export function crc8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc ^= bytes[i];
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
    }
  }
  return crc;
}

function checkField(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`HIL frame field ${name} = ${value} is not an integer in 0..${max}`);
  }
}

/** Wraps `payload` into a frame of `type`: sync, type, length, payload, CRC-8 over type..payload. */
export function encodeFrame(type: number, payload: Uint8Array): Uint8Array {
  checkField('type', type, 0xff);
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`HIL frame payload of ${payload.length} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
  }
  const frame = new Uint8Array(HEADER_BYTES + payload.length + TRAILER_BYTES);
  frame[0] = SYNC_0;
  frame[1] = SYNC_1;
  frame[2] = type;
  frame[3] = payload.length;
  frame.set(payload, HEADER_BYTES);
  frame[frame.length - 1] = crc8(frame, 2, HEADER_BYTES + payload.length);
  return frame;
}

/** Actuator payload: u16 sequence, u16 throttle, u16 brake, all little-endian. */
export function encodeActuator(command: ActuatorCommand): Uint8Array {
  checkField('sequence', command.sequence, 0xffff);
  checkField('throttle', command.throttle, 0xffff);
  checkField('brake', command.brake, 0xffff);
  const payload = new Uint8Array(PAYLOAD_BYTES[FrameType.Actuator]);
  const view = new DataView(payload.buffer);
  view.setUint16(0, command.sequence, true);
  view.setUint16(2, command.throttle, true);
  view.setUint16(4, command.brake, true);
  return encodeFrame(FrameType.Actuator, payload);
}

/** Sensor payload: u16 sequence, u16 speed (0.01 km/h), u8 flags, little-endian. */
export function encodeSensor(reading: SensorReading): Uint8Array {
  checkField('sequence', reading.sequence, 0xffff);
  checkField('speedCounts', reading.speedCounts, 0xffff);
  checkField('flags', reading.flags, 0xff);
  const payload = new Uint8Array(PAYLOAD_BYTES[FrameType.Sensor]);
  const view = new DataView(payload.buffer);
  view.setUint16(0, reading.sequence, true);
  view.setUint16(2, reading.speedCounts, true);
  view.setUint8(4, reading.flags);
  return encodeFrame(FrameType.Sensor, payload);
}

/** Harness-only period-end marker: u16 sequence of the actuator frame whose period ended. */
export function encodePeriodEnd(sequence: number): Uint8Array {
  checkField('sequence', sequence, 0xffff);
  const payload = new Uint8Array(PAYLOAD_BYTES[FrameType.PeriodEnd]);
  new DataView(payload.buffer).setUint16(0, sequence, true);
  return encodeFrame(FrameType.PeriodEnd, payload);
}

/** Speed in km/h → wire counts, rounded and clamped to the u16 range. */
export function speedToCounts(kmh: number): number {
  if (!Number.isFinite(kmh)) throw new RangeError(`speed ${kmh} km/h is not finite`);
  return Math.min(0xffff, Math.max(0, Math.round(kmh * SPEED_COUNTS_PER_KMH)));
}

/** Why the decoder dropped bytes. */
export interface DecoderErrors {
  /** Bytes skipped while hunting for the sync pair. */
  syncBytesSkipped: number;
  /** Headers whose length exceeds MAX_PAYLOAD_BYTES or does not match the type's exact length. */
  badLength: number;
  /** Headers with a type this decoder does not know. */
  badType: number;
  /** Complete frames whose CRC-8 did not match. */
  badChecksum: number;
}

/** Incremental decoder: feed any chunking of the byte stream, receive whole valid frames.
 *  On a malformed header or checksum it drops only the first sync byte and searches again from
 *  the next byte, so a valid frame hidden inside garbage is still found. Never throws. */
export class FrameDecoder {
  readonly errors: DecoderErrors = { syncBytesSkipped: 0, badLength: 0, badType: 0, badChecksum: 0 };
  private buffer = new Uint8Array(0);

  /** Frames completed by `chunk` (possibly none). */
  push(chunk: Uint8Array): Frame[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    const frames: Frame[] = [];
    let start = 0;
    for (;;) {
      // Hunt for SYNC_0 SYNC_1.
      while (
        start < joined.length &&
        !(joined[start] === SYNC_0 && (start + 1 >= joined.length || joined[start + 1] === SYNC_1))
      ) {
        start++;
        this.errors.syncBytesSkipped++;
      }
      if (joined.length - start < HEADER_BYTES) break;
      const type = joined[start + 2];
      const length = joined[start + 3];
      const expected = (PAYLOAD_BYTES as Record<number, number | undefined>)[type];
      if (expected === undefined) {
        this.errors.badType++;
        start++;
        continue;
      }
      if (length !== expected) {
        this.errors.badLength++;
        start++;
        continue;
      }
      const total = HEADER_BYTES + length + TRAILER_BYTES;
      if (joined.length - start < total) break;
      const crc = crc8(joined, start + 2, start + HEADER_BYTES + length);
      if (crc !== joined[start + total - 1]) {
        this.errors.badChecksum++;
        start++;
        continue;
      }
      frames.push(decodePayload(type, joined.subarray(start + HEADER_BYTES, start + HEADER_BYTES + length)));
      start += total;
    }
    this.buffer = joined.slice(start);
    return frames;
  }

  /** Total malformed events counted (sync bytes skipped count one each). */
  errorCount(): number {
    const e = this.errors;
    return e.syncBytesSkipped + e.badLength + e.badType + e.badChecksum;
  }
}

function decodePayload(type: FrameType, payload: Uint8Array): Frame {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  switch (type) {
    case FrameType.Actuator:
      return {
        type,
        actuator: {
          sequence: view.getUint16(0, true),
          throttle: view.getUint16(2, true),
          brake: view.getUint16(4, true),
        },
      };
    case FrameType.Sensor:
      return {
        type,
        sensor: {
          sequence: view.getUint16(0, true),
          speedCounts: view.getUint16(2, true),
          flags: view.getUint8(4),
        },
      };
    case FrameType.PeriodEnd:
      return { type, sequence: view.getUint16(0, true) };
  }
}
