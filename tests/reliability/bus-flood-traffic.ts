// The host traffic of the bus flood (tests/reliability/bus-flood.test.ts), drawn deterministically
// from a seed: SLCAN garbage of every kind the Node fuzzer knows (bus-fuzz-property.ts), and CAN frames
// to the diagnostic guest's request identifiers 0x7E0/0x7DF that break ISO-TP (reserved PCI types,
// single frames of length 0 or above 7, truncated frames, first frames announcing 0, 1, 7, 4095 or
// escape lengths, consecutive frames out of sequence, flow control out of place, segmented functional
// requests, remote frames). Two kinds of chunk are left out so the flood cannot change what it is
// measured against: lines that change the SLCAN channel (`O`, `L`, `C`, `Sn`, `Zn`: the host keeps
// the channel open with timestamps) and requests for UDS services that act on partitions or sessions
// (a random `11 01` would restart the control guest on purpose).
import fc from 'fast-check';

import { chunkKinds, type ChunkKind } from './bus-fuzz-property.ts';
import { referenceFrame } from './slcan-reference.ts';

/** The diagnostic guest's physical and functional request identifiers (docs/DESIGN.md §5). */
export const UDS_PHYSICAL_ID = 0x7e0;
export const UDS_FUNCTIONAL_ID = 0x7df;
/** UDS services a flood frame must not request: they change sessions, reset or restart partitions,
 *  clear or stop DTCs, write data or run routines. */
const ACTING_SERVICES = new Set([
  0x10, 0x11, 0x14, 0x27, 0x28, 0x2e, 0x2f, 0x31, 0x34, 0x36, 0x37, 0x3d, 0x85,
]);

export interface FloodChunk {
  readonly kind: string;
  /** Bytes for the bus UART, ending in CR. */
  readonly bytes: Uint8Array;
}

/** Small deterministic generator (xorshift32). */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  below(n: number): number {
    return this.next() % n;
  }
  bytes(n: number): number[] {
    return Array.from({ length: n }, () => this.below(256));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

const hex = (value: number, digits: number): string => value.toString(16).toUpperCase().padStart(digits, '0');

/** A standard data frame line with the given bytes as its data (DLC = their count). */
function frameLine(id: number, data: readonly number[]): string {
  return `t${hex(id, 3)}${data.length}${data.map((b) => hex(b, 2)).join('')}`;
}

/** Frames that break ISO-TP, by kind; each returns the data bytes (the DLC is their count). */
const isoTpKinds: Record<string, (r: Random) => number[]> = {
  'reserved PCI type (0x4..0xF)': (r) => [((4 + r.below(12)) << 4) | r.below(16), ...r.bytes(7)],
  'single frame of length 0': (r) => [0x00, ...r.bytes(7)],
  'single frame longer than 7': (r) => [0x08 + r.below(8), ...r.bytes(7)],
  'truncated single frame': (r) => {
    const length = 2 + r.below(6);
    return [length, 0x22, ...r.bytes(r.below(length - 1))];
  },
  'empty frame': () => [],
  'first frame of length 0, 1 or 7': (r) => [0x10, r.pick([0, 1, 7]), 0x22, ...r.bytes(5)],
  'first frame of length 4095': () => [0x1f, 0xff, 0x22, 0xf1, 0x90, 0xf1, 0x8c, 0xf1],
  'first frame with an escape length (4096 and more)': (r) => [
    0x10,
    0x00,
    ...r.pick([
      [0x00, 0x00, 0x10, 0x00],
      [0xff, 0xff, 0xff, 0xff],
      [0x00, 0x01, 0x00, 0x00],
    ]),
    0x22,
    0xf1,
  ],
  'truncated first frame': (r) => [0x10, 0x14, 0x22, 0xf1, 0x90].slice(0, 1 + r.below(4)),
  'consecutive frame out of sequence': (r) => [0x20 | r.below(16), ...r.bytes(7)],
  'flow control out of place': (r) => [0x30 | r.pick([0, 1, 2, 3, 15]), r.below(256), r.below(256)],
};

/** A functional segmented request (forbidden) and remote frames are lines of their own. */
const isoTpLineKinds: Record<string, (r: Random) => string> = {
  'segmented functional request': () =>
    frameLine(UDS_FUNCTIONAL_ID, [0x10, 0x14, 0x22, 0xf1, 0x90, 0xf1, 0x8c, 0xf1]),
  'remote frame to the request identifier': (r) =>
    `r${hex(r.pick([UDS_PHYSICAL_ID, UDS_FUNCTIONAL_ID]), 3)}${r.below(9)}`,
};

/** Lines (split at CR, a leading LF dropped) that would change the channel or ask an acting service. */
export function unsafeForTheFlood(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString('latin1');
  for (const raw of text.split('\r')) {
    const line = raw.replace(/^\n+/, '');
    if (/^(O|L|C|S[0-8]|Z[01])$/.test(line)) return true;
    const frame = referenceFrame(line);
    if (frame === null || frame.extended || frame.remote) continue;
    if (frame.id !== UDS_PHYSICAL_ID && frame.id !== UDS_FUNCTIONAL_ID) continue;
    const pciType = frame.data[0] >> 4;
    const sid = pciType === 0 ? frame.data[1] : pciType === 1 ? frame.data[2] : -1;
    if (ACTING_SERVICES.has(sid)) return true;
  }
  return false;
}

/** `count` flood chunks from `seed`: about half SLCAN garbage, half ISO-TP-breaking frames. */
export function floodChunks(count: number, seed: number): FloodChunk[] {
  const random = new Random(seed);
  const slcanKinds = Object.keys(chunkKinds) as ChunkKind[];
  const samples = new Map<ChunkKind, Uint8Array[]>();
  for (const kind of slcanKinds) {
    const arbitrary = chunkKinds[kind] as fc.Arbitrary<Uint8Array>;
    samples.set(
      kind,
      fc.sample(arbitrary, { seed: seed ^ kind.length, numRuns: Math.ceil(count / slcanKinds.length) + 1 }),
    );
  }
  const chunks: FloodChunk[] = [];
  const isoTpNames = Object.keys(isoTpKinds);
  const lineNames = Object.keys(isoTpLineKinds);
  while (chunks.length < count) {
    let chunk: FloodChunk;
    if (random.below(2) === 0) {
      const kind = random.pick(slcanKinds);
      const pool = samples.get(kind)!;
      const bytes = pool[random.below(pool.length)];
      // Every chunk ends its own line, so no line spans two chunks.
      const withEnd = bytes.at(-1) === 0x0d ? bytes : Uint8Array.from([...bytes, 0x0d]);
      chunk = { kind: `SLCAN: ${kind}`, bytes: withEnd };
    } else if (random.below(8) === 0) {
      const kind = random.pick(lineNames);
      chunk = { kind: `ISO-TP: ${kind}`, bytes: Buffer.from(`${isoTpLineKinds[kind](random)}\r`, 'latin1') };
    } else {
      const kind = random.pick(isoTpNames);
      const id = random.below(4) === 0 ? UDS_FUNCTIONAL_ID : UDS_PHYSICAL_ID;
      chunk = {
        kind: `ISO-TP: ${kind}`,
        bytes: Buffer.from(`${frameLine(id, isoTpKinds[kind](random))}\r`, 'latin1'),
      };
    }
    if (!unsafeForTheFlood(chunk.bytes)) chunks.push(chunk);
  }
  return chunks;
}
