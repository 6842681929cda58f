// The bus fuzzing property shared by the test (tests/reliability/bus-fuzz.test.ts) and the long run
// (`npm run fuzz:bus`): fast-check generates streams of host input for the virtual CAN bus — random
// bytes, over-long lines, bad hex, bad DLC, identifiers out of range, standard/extended mismatches,
// remote frames with data, host timestamps, valid and invalid commands, LF-prefixed lines — and the
// real bus (firmware/core/vcan/bus.ts on the test system of tests/firmware/core/vcan/support.ts) must never
// throw, must answer every chunk exactly as the reference model (slcan-reference.ts) does, keep its
// channel state, counters and receive queues equal to the model's, and accept a valid frame right
// after the garbage.
import assert from 'node:assert/strict';
import fc from 'fast-check';

import { HvResult } from '../../firmware/core/hypercall-numbers.ts';
import {
  VCAN_ID_EXTENDED,
  VCAN_ID_REMOTE,
  vcanChannel,
  vcanCounters,
  vcanQueued,
  vcanReceive,
  vcanReceived,
  vcanReset,
  vcanVmCounters,
} from '../../firmware/core/vcan/bus.ts';
import { BusHarness, busSystem } from '../firmware/core/vcan/support.ts';
import { ReferenceBus, type ReferenceFrame } from './slcan-reference.ts';

const hexDigits = (value: number, digits: number, lower: boolean): string => {
  const text = (value >>> 0).toString(16).padStart(digits, '0').slice(-digits);
  return lower ? text : text.toUpperCase();
};
const bytesHex = (bytes: readonly number[], lower: boolean): string =>
  bytes.map((b) => hexDigits(b, 2, lower)).join('');
const line = (text: string): Uint8Array => Uint8Array.from(Buffer.from(`${text}\r`, 'latin1'));

/** A well-formed frame line (without its CR), for the identifier kinds and ranges given. */
function frameText(
  kind: 't' | 'T' | 'r' | 'R',
  id: number,
  dlc: number,
  data: readonly number[],
  lower: boolean,
): string {
  const extended = kind === 'T' || kind === 'R';
  const remote = kind === 'r' || kind === 'R';
  return `${kind}${hexDigits(id, extended ? 8 : 3, lower)}${hexDigits(dlc, 1, lower)}${remote ? '' : bytesHex(data.slice(0, dlc), lower)}`;
}

const kindArb = fc.constantFrom<'t' | 'T' | 'r' | 'R'>('t', 'T', 'r', 'R');
const dataArb = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 });
/** Identifiers the test system's receive filters care about, and any others. */
const standardIdArb = fc.oneof(
  fc.constantFrom(0x7e0, 0x7df, 0x100, 0x10f, 0x7e8),
  fc.integer({ min: 0, max: 0x7ff }),
);
const extendedIdArb = fc.oneof(
  fc.integer({ min: 0x18da_0000, max: 0x18da_ffff }),
  fc.integer({ min: 0, max: 0x1fff_ffff }),
);

const validFrame = fc
  .record({
    kind: kindArb,
    std: standardIdArb,
    ext: extendedIdArb,
    dlc: fc.integer({ min: 0, max: 8 }),
    data: dataArb,
    lower: fc.boolean(),
  })
  .map(({ kind, std, ext, dlc, data, lower }) =>
    frameText(kind, kind === 't' || kind === 'r' ? std : ext, dlc, data, lower),
  );

/** Generators of one chunk of host input, each a named kind of mistake (or a valid line). */
export const chunkKinds = {
  'valid frame': validFrame.map(line),
  'bad hex digit': fc
    .tuple(validFrame, fc.nat(), fc.constantFrom('G', 'g', ' ', ':', 'x', '\x07', '\xff'))
    .map(([text, at, bad]) => {
      const index = 1 + (at % Math.max(1, text.length - 1));
      return line(text.slice(0, index) + bad + text.slice(index + 1));
    }),
  'bad DLC (9..F)': fc
    .tuple(
      kindArb,
      standardIdArb,
      fc.integer({ min: 9, max: 15 }),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 15 }),
    )
    .map(([kind, id, dlc, data]) =>
      line(
        `${kind}${hexDigits(id, kind === 't' || kind === 'r' ? 3 : 8, false)}${hexDigits(dlc, 1, false)}${bytesHex(data, false)}`,
      ),
    ),
  'identifier out of range': fc
    .tuple(
      fc.boolean(),
      fc.integer({ min: 0x800, max: 0xfff }),
      fc.integer({ min: 0x2000_0000, max: 0xffff_ffff }),
      dataArb,
    )
    .map(([extended, std, ext, data]) =>
      line(
        extended
          ? `T${hexDigits(ext, 8, false)}2${bytesHex(data.slice(0, 2), false)}`
          : `t${hexDigits(std, 3, false)}1${bytesHex(data.slice(0, 1), false)}`,
      ),
    ),
  'standard/extended mismatch': fc
    .tuple(fc.boolean(), standardIdArb, extendedIdArb, fc.integer({ min: 0, max: 8 }), dataArb)
    .map(([shortExtended, std, ext, dlc, data]) =>
      line(
        shortExtended
          ? `T${hexDigits(std, 3, false)}${dlc}${bytesHex(data.slice(0, dlc), false)}`
          : `t${hexDigits(ext, 8, false)}${dlc}${bytesHex(data.slice(0, dlc), false)}`,
      ),
    ),
  'remote frame with data': fc
    .tuple(fc.boolean(), standardIdArb, fc.integer({ min: 1, max: 8 }), dataArb)
    .map(([extended, id, dlc, data]) =>
      line(
        `${extended ? 'R' : 'r'}${hexDigits(id, extended ? 8 : 3, false)}${dlc}${bytesHex(data.slice(0, dlc), false)}`,
      ),
    ),
  'data length not matching the DLC': fc
    .tuple(validFrame, fc.integer({ min: 1, max: 3 }), fc.boolean())
    .map(([text, cut, longer]) =>
      line(longer ? `${text}${'A'.repeat(cut)}` : text.slice(0, Math.max(1, text.length - cut))),
    ),
  'host timestamp': validFrame.map((text) => line(`${text}1234`)),
  command: fc
    .constantFrom(
      'O',
      'L',
      'C',
      'S0',
      'S6',
      'S8',
      'S9',
      'Sx',
      'S',
      'S12',
      'Z0',
      'Z1',
      'Z2',
      'Z',
      'V',
      'N',
      'F',
      'O1',
      'C ',
      'VV',
      'F0',
      'X',
      'v',
      'o',
      '',
    )
    .map(line),
  'line feed before a command': fc.constantFrom('O', 'C', 'V', 'F', 't7E00').map((text) => line(`\n${text}`)),
  // Lines around the 32-character limit of docs/VCAN.md, and far beyond it.
  'over-long line': fc
    .tuple(fc.oneof(fc.integer({ min: 30, max: 34 }), fc.integer({ min: 35, max: 120 })), validFrame)
    .map(([length, text]) =>
      line(text.repeat(Math.ceil(length / Math.max(1, text.length))).slice(0, length)),
    ),
  'random bytes': fc.uint8Array({ minLength: 0, maxLength: 80 }),
} as const;

export type ChunkKind = keyof typeof chunkKinds;
const chunkArb = fc.oneof(
  ...Object.entries(chunkKinds).map(([kind, arb]) =>
    (arb as fc.Arbitrary<Uint8Array>).map((bytes) => ({ kind: kind as ChunkKind, bytes })),
  ),
);
/** A stream: a run of chunks, starting with the channel opened or not. */
export const streamArb = fc.record({
  openFirst: fc.oneof(
    { arbitrary: fc.constant(true), weight: 4 },
    { arbitrary: fc.constant(false), weight: 1 },
  ),
  chunks: fc.array(chunkArb, { minLength: 1, maxLength: 60, size: 'max' }),
});

/** What a fuzz campaign did. */
export interface BusFuzzStatistics {
  streams: number;
  chunks: number;
  bytes: number;
  /** Chunks per kind. */
  perKind: Record<string, number>;
  /** Lines the bus refused (BEL) and accepted. */
  refused: number;
  accepted: number;
  framesQueued: number;
  overflows: number;
}

export function emptyStatistics(): BusFuzzStatistics {
  return {
    streams: 0,
    chunks: 0,
    bytes: 0,
    perKind: {},
    refused: 0,
    accepted: 0,
    framesQueued: 0,
    overflows: 0,
  };
}

const reference = () =>
  new ReferenceBus(busSystem().vms.map((vm) => ({ canRx: vm.canRx, canRxDepth: vm.canRxDepth })));

function takeFrame(vm: number): ReferenceFrame | null {
  if (vcanReceive(vm) !== HvResult.Ok) return null;
  const f = vcanReceived();
  return { id: f.id, extended: f.extended, remote: f.remote, dlc: f.dlc, data: Array.from(f.data) };
}

/** Checks the bus against the model: channel, counters, queues. */
function assertSameState(model: ReferenceBus, where: string): void {
  const channel = vcanChannel();
  assert.deepEqual(
    {
      open: channel.open,
      listenOnly: channel.listenOnly,
      timestamps: channel.timestamps,
      bitrate: channel.bitrateCode,
    },
    {
      open: model.open,
      listenOnly: model.listenOnly,
      timestamps: model.timestamps,
      bitrate: model.bitrateCode,
    },
    `channel state ${where}`,
  );
  const counters = vcanCounters();
  assert.deepEqual(
    { errors: counters.hostErrors, commands: counters.hostCommands, frames: counters.framesFromHost },
    { errors: model.hostErrors, commands: model.hostCommands, frames: model.framesFromHost },
    `bus counters ${where}`,
  );
  assert.equal(
    counters.hostErrors + counters.hostCommands,
    model.lines,
    `every non-empty line answered once ${where}`,
  );
  model.queues.forEach((queue, vm) => {
    assert.equal(vcanQueued(vm), queue.length, `VM ${vm} queue length ${where}`);
    assert.equal(vcanVmCounters(vm).overflows, model.overflows[vm], `VM ${vm} overflows ${where}`);
  });
}

/** Runs one stream through a fresh bus and the model; throws (with the first difference) on any
 *  disagreement. Adds what it did to `stats`. */
export function checkStream(
  harness: BusHarness,
  stream: { openFirst: boolean; chunks: readonly { kind: ChunkKind; bytes: Uint8Array }[] },
  stats: BusFuzzStatistics,
): void {
  vcanReset();
  harness.output();
  const model = reference();
  const exchange = (bytes: Uint8Array, what: string): string => {
    const expected = model.feed(bytes);
    harness.type(bytes);
    const actual = harness.output();
    assert.equal(
      JSON.stringify(actual),
      JSON.stringify(expected),
      `reply to ${what} ${JSON.stringify(Buffer.from(bytes).toString('latin1'))}`,
    );
    return actual;
  };
  if (stream.openFirst) exchange(line('O'), 'open');
  for (const chunk of stream.chunks) {
    const reply = exchange(chunk.bytes, chunk.kind);
    stats.chunks++;
    stats.bytes += chunk.bytes.length;
    stats.perKind[chunk.kind] = (stats.perKind[chunk.kind] ?? 0) + 1;
    for (const c of reply) {
      if (c === '\x07') stats.refused++;
      else if (c === '\r') stats.accepted++;
    }
  }
  assertSameState(model, 'after the stream');
  // What the VMs received is exactly what the model queued, in order.
  model.queues.forEach((queue, vm) => {
    for (const expected of queue.splice(0)) {
      const frame = takeFrame(vm);
      assert.deepEqual(frame, expected, `frame received by VM ${vm}`);
      stats.framesQueued++;
    }
    assert.equal(takeFrame(vm), null, `VM ${vm} queue drained`);
  });
  stats.overflows += model.overflows.reduce((a, b) => a + b, 0);
  // A CR ends any pending line; then the channel is (re)opened and a valid request is accepted.
  exchange(line(''), 'line end');
  if (model.listenOnly) exchange(line('C'), 'close');
  if (!model.open) exchange(line('O'), 'open');
  const request = exchange(line('t7E0302' + '3E00'), 'valid request after the garbage');
  assert.equal(request, 'z\r', 'a valid frame after the garbage is acknowledged');
  const taken = takeFrame(1);
  assert.deepEqual(
    taken,
    { id: 0x7e0, extended: false, remote: false, dlc: 3, data: [0x02, 0x3e, 0x00, 0, 0, 0, 0, 0] },
    'the diag VM receives the valid frame',
  );
  stats.streams++;
}

/** Runs `numRuns` fast-check streams from `seed`; returns the statistics. */
export function fuzzBus(numRuns: number, seed: number): BusFuzzStatistics {
  const harness = new BusHarness();
  const stats = emptyStatistics();
  fc.assert(
    fc.property(streamArb, (stream) => {
      checkStream(harness, stream, stats);
    }),
    { numRuns, seed, endOnFailure: true },
  );
  return stats;
}

/** The identifier word a frame has in a VM's queue (for messages). */
export function identifierWord(frame: ReferenceFrame): number {
  return (frame.id | (frame.extended ? VCAN_ID_EXTENDED : 0) | (frame.remote ? VCAN_ID_REMOTE : 0)) >>> 0;
}
