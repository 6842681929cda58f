// Job: the data identifiers of the diagnostic guest (contract table, docs/UDS.md): names, record
// lengths, decoders to typed values, the set-point encoder, and splitting a multi-DID
// ReadDataByIdentifier response into its records.

/** Partition states of the hypervisor (firmware/core/partition.ts `VmState`). */
export const VM_STATE_NAMES: readonly string[] = ['halted', 'ready', 'running', 'waiting', 'suspended'];

export interface PartitionEntry {
  index: number;
  state: number;
  stateName: string;
  starts: number;
  faults: number;
}

export type DidValue =
  | { kind: 'ascii'; text: string }
  | { kind: 'speed'; kmh: number; raw: number }
  | { kind: 'percent'; percent: number; raw: number }
  | { kind: 'live-data-age'; valid: boolean; ageTicks: number }
  | { kind: 'partitions'; partitions: PartitionEntry[] }
  | { kind: 'raw'; bytes: Uint8Array };

export interface DidDefinition {
  did: number;
  /** Short name usable on the command line. */
  name: string;
  title: string;
  /** Record length in bytes, or 'ascii-rest' / 'partition-table' for records of variable length. */
  length: number | 'ascii-rest' | 'partition-table';
  decode(bytes: Uint8Array): DidValue;
}

const PARTITION_ENTRY_BYTES = 6;

function ascii(bytes: Uint8Array): DidValue {
  return { kind: 'ascii', text: Buffer.from(bytes).toString('latin1') };
}

function u16(bytes: Uint8Array, at = 0): number {
  return (bytes[at] << 8) | bytes[at + 1];
}

function speed(bytes: Uint8Array): DidValue {
  const raw = u16(bytes);
  return { kind: 'speed', kmh: raw / 100, raw };
}

export const DIDS: readonly DidDefinition[] = [
  { did: 0xf190, name: 'vin', title: 'VIN', length: 17, decode: ascii },
  { did: 0xf18c, name: 'serial', title: 'ECU serial number', length: 12, decode: ascii },
  { did: 0xf195, name: 'version', title: 'software version', length: 'ascii-rest', decode: ascii },
  { did: 0x0100, name: 'speed', title: 'vehicle speed', length: 2, decode: speed },
  { did: 0x0101, name: 'setpoint', title: 'cruise set-point', length: 2, decode: speed },
  {
    did: 0x0102,
    name: 'throttle',
    title: 'throttle',
    length: 2,
    decode: (b) => ({ kind: 'percent', percent: u16(b) / 10, raw: u16(b) }),
  },
  {
    did: 0x0103,
    name: 'live-age',
    title: 'live-data validity and age',
    length: 3,
    decode: (b) => ({ kind: 'live-data-age', valid: b[0] === 1, ageTicks: u16(b, 1) }),
  },
  {
    did: 0x0110,
    name: 'partitions',
    title: 'partition table',
    length: 'partition-table',
    decode: (b) => ({ kind: 'partitions', partitions: decodePartitionTable(b) }),
  },
];

/** The definition of `did`, if the guest has it. */
export function didDefinition(did: number): DidDefinition | undefined {
  return DIDS.find((d) => d.did === did);
}

/** Parses a DID given as a name (`vin`), hex (`F190`, `0xF190`); throws naming the text. */
export function parseDid(text: string): number {
  const byName = DIDS.find((d) => d.name === text.toLowerCase());
  if (byName !== undefined) return byName.did;
  const m = /^(?:0x)?([0-9a-fA-F]{1,4})$/.exec(text);
  if (m === null)
    throw new Error(
      `'${text}' is not a data identifier: give 1..4 hex digits or one of ${DIDS.map((d) => d.name).join(', ')}`,
    );
  return parseInt(m[1], 16);
}

export function decodePartitionTable(bytes: Uint8Array): PartitionEntry[] {
  if (bytes.length < 1) throw new Error('partition table record is empty');
  const count = bytes[0];
  if (bytes.length !== 1 + count * PARTITION_ENTRY_BYTES)
    throw new Error(
      `partition table record has ${bytes.length} bytes; a count of ${count} needs ${1 + count * PARTITION_ENTRY_BYTES}`,
    );
  const entries: PartitionEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = 1 + i * PARTITION_ENTRY_BYTES;
    const state = bytes[at + 1];
    entries.push({
      index: bytes[at],
      state,
      stateName: VM_STATE_NAMES[state] ?? `state ${state}`,
      starts: u16(bytes, at + 2),
      faults: u16(bytes, at + 4),
    });
  }
  return entries;
}

/** Decodes the record of `did` (unknown DIDs: raw bytes). */
export function decodeDid(did: number, bytes: Uint8Array): DidValue {
  const definition = didDefinition(did);
  if (definition === undefined) return { kind: 'raw', bytes };
  if (typeof definition.length === 'number' && bytes.length !== definition.length)
    throw new Error(
      `DID 0x${did.toString(16).toUpperCase()} (${definition.title}) record has ${bytes.length} bytes, expected ${definition.length}`,
    );
  return definition.decode(bytes);
}

/** One line of text for a decoded value. */
export function formatDidValue(value: DidValue): string {
  switch (value.kind) {
    case 'ascii':
      return JSON.stringify(value.text);
    case 'speed':
      return `${value.kmh.toFixed(2)} km/h (raw ${value.raw})`;
    case 'percent':
      return `${value.percent.toFixed(1)} % (raw ${value.raw})`;
    case 'live-data-age':
      return `${value.valid ? 'valid' : 'invalid'}, age ${value.ageTicks} ticks`;
    case 'partitions':
      return value.partitions
        .map((p) => `vm ${p.index}: ${p.stateName}, starts ${p.starts}, faults ${p.faults}`)
        .join('; ');
    case 'raw':
      return Buffer.from(value.bytes).toString('hex').toUpperCase();
  }
}

/** The 2-byte 0x0101 record for a set-point in km/h (0.01 km/h resolution). */
export function encodeSetpoint(kmh: number): Uint8Array {
  const raw = Math.round(kmh * 100);
  if (!Number.isFinite(kmh) || raw < 0 || raw > 0xffff)
    throw new RangeError(`set-point ${kmh} km/h does not fit 0..655.35 km/h`);
  return Uint8Array.of(raw >> 8, raw & 0xff);
}

export interface DidRecord {
  did: number;
  bytes: Uint8Array;
}

/** The length of the record of `did` at `data[at..]`, given whether it is the last one requested. */
function recordLength(did: number, data: Uint8Array, at: number, last: boolean): number {
  const definition = didDefinition(did);
  const rest = data.length - at;
  if (definition === undefined || definition.length === 'ascii-rest') {
    if (!last)
      throw new Error(
        `DID 0x${did.toString(16).toUpperCase()} has no known length: request it last (or alone) to split the response`,
      );
    return rest;
  }
  if (definition.length === 'partition-table') {
    if (rest < 1) return 1;
    return 1 + data[at] * PARTITION_ENTRY_BYTES;
  }
  return definition.length;
}

/** Splits the data of a positive 0x22 response (after the SID) into DID records. The server leaves
 *  out DIDs it does not support when others are known (ISO 14229-1), so records must name requested
 *  DIDs in request order, some possibly missing; throws naming the DID when the response does not fit. */
export function splitDidRecords(requested: readonly number[], data: Uint8Array): DidRecord[] {
  const records: DidRecord[] = [];
  const name = (did: number): string => `0x${did.toString(16).toUpperCase().padStart(4, '0')}`;
  let at = 0;
  let next = 0;
  while (at < data.length) {
    if (data.length - at < 2)
      throw new Error(`1 stray byte after the DID records (${data.length} data bytes)`);
    const did = u16(data, at);
    const index = requested.indexOf(did, next);
    if (index < 0)
      throw new Error(
        `response carries DID ${name(did)}, which was not requested${next > 0 ? ` after ${name(requested[next - 1])}` : ''} (requested ${requested.map(name).join(', ')})`,
      );
    at += 2;
    const length = recordLength(did, data, at, index === requested.length - 1);
    if (at + length > data.length)
      throw new Error(`DID ${name(did)} record truncated: ${data.length - at} of ${length} bytes`);
    records.push({ did, bytes: Uint8Array.from(data.subarray(at, at + length)) });
    at += length;
    next = index + 1;
  }
  if (records.length === 0) throw new Error('response carries no DID record');
  return records;
}
