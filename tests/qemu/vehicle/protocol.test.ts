// HIL link protocol: the TypeScript codec (qemu/vehicle/protocol.ts) and the guest's C codec
// (guests/control/hil_link.c, compiled with host gcc into tests/guests/control/harness/link_probe.c) agree on
// the bytes; frames round-trip through any chunking; bad sync, type, length and checksum are counted
// and the decoders resynchronise to the next good frame; random byte streams never make either
// decoder throw or crash.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import fc from 'fast-check';

import {
  ACTUATOR_SCALE,
  FrameDecoder,
  FrameType,
  SYNC_0,
  SYNC_1,
  crc8,
  encodeActuator,
  encodeFrame,
  encodePeriodEnd,
  encodeSensor,
  speedToCounts,
  type Frame,
} from '../../../qemu/vehicle/protocol.ts';
import { buildHostProgram } from '../../guests/control/helpers/closed-loop.ts';

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'ascii'));

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));
}

function decodeAll(bytes: Uint8Array, chunk = bytes.length): { frames: Frame[]; decoder: FrameDecoder } {
  const decoder = new FrameDecoder();
  const frames: Frame[] = [];
  for (let i = 0; i < bytes.length; i += Math.max(1, chunk))
    frames.push(...decoder.push(bytes.subarray(i, i + Math.max(1, chunk))));
  return { frames, decoder };
}

describe('HIL link protocol (TypeScript side)', () => {
  it('CRC-8 is the SMBUS parameter set (check value 0xF4) and covers type, length and payload', () => {
    assert.equal(crc8(ascii('123456789')), 0xf4);
    const frame = encodeActuator({ sequence: 0x1234, throttle: 5000, brake: 0 });
    assert.deepEqual([...frame.subarray(0, 4)], [SYNC_0, SYNC_1, FrameType.Actuator, 6]);
    assert.deepEqual([...frame.subarray(4, 10)], [0x34, 0x12, 0x88, 0x13, 0x00, 0x00]);
    assert.equal(frame[10], crc8(frame, 2, 10));
  });

  it('round-trips actuator, sensor and period-end frames through any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('a' as const),
              sequence: fc.integer({ min: 0, max: 0xffff }),
              throttle: fc.integer({ min: 0, max: 0xffff }),
              brake: fc.integer({ min: 0, max: 0xffff }),
            }),
            fc.record({
              kind: fc.constant('s' as const),
              sequence: fc.integer({ min: 0, max: 0xffff }),
              speedCounts: fc.integer({ min: 0, max: 0xffff }),
              flags: fc.integer({ min: 0, max: 0xff }),
            }),
            fc.record({ kind: fc.constant('p' as const), sequence: fc.integer({ min: 0, max: 0xffff }) }),
          ),
          { maxLength: 20 },
        ),
        fc.integer({ min: 1, max: 13 }),
        (items, chunk) => {
          const bytes = concat(
            ...items.map((it) =>
              it.kind === 'a'
                ? encodeActuator(it)
                : it.kind === 's'
                  ? encodeSensor(it)
                  : encodePeriodEnd(it.sequence),
            ),
          );
          const { frames, decoder } = decodeAll(bytes, chunk);
          assert.equal(decoder.errorCount(), 0);
          assert.deepEqual(
            frames,
            items.map((it): Frame =>
              it.kind === 'a'
                ? {
                    type: FrameType.Actuator,
                    actuator: { sequence: it.sequence, throttle: it.throttle, brake: it.brake },
                  }
                : it.kind === 's'
                  ? {
                      type: FrameType.Sensor,
                      sensor: { sequence: it.sequence, speedCounts: it.speedCounts, flags: it.flags },
                    }
                  : { type: FrameType.PeriodEnd, sequence: it.sequence },
            ),
          );
        },
      ),
    );
  });

  it('counts a checksum error and resynchronises on the next frame', () => {
    const good1 = encodeSensor({ sequence: 1, speedCounts: 100, flags: 1 });
    const bad = encodeSensor({ sequence: 2, speedCounts: 200, flags: 1 });
    bad[6] ^= 0x40; // corrupt the speed
    const good3 = encodeSensor({ sequence: 3, speedCounts: 300, flags: 1 });
    const { frames, decoder } = decodeAll(concat(good1, bad, good3), 1);
    assert.deepEqual(
      frames.map((f) => (f.type === FrameType.Sensor ? f.sensor.sequence : -1)),
      [1, 3],
    );
    assert.equal(decoder.errors.badChecksum, 1);
  });

  it('counts bad sync, unknown type and bad length, and still finds a frame hidden in garbage', () => {
    const hidden = encodeActuator({ sequence: 7, throttle: 1, brake: 2 });
    const garbage = concat(
      new Uint8Array([0x00, 0x11, SYNC_0, 0x00]), // sync 0 without sync 1
      new Uint8Array([SYNC_0, SYNC_1, 0x33, 6]), // unknown type
      new Uint8Array([SYNC_0, SYNC_1, FrameType.Actuator, 99]), // length beyond the maximum
      new Uint8Array([SYNC_0, SYNC_1, FrameType.Actuator, 5]), // wrong length for the type
    );
    const { frames, decoder } = decodeAll(concat(garbage, hidden));
    assert.deepEqual(frames, [
      { type: FrameType.Actuator, actuator: { sequence: 7, throttle: 1, brake: 2 } },
    ]);
    assert.equal(decoder.errors.badType, 1);
    assert.equal(decoder.errors.badLength, 2);
    assert.ok(decoder.errors.syncBytesSkipped >= 4);
  });

  it('random byte streams never throw, and good frames after them are still decoded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 17 }), (noise, chunk) => {
        const decoder = new FrameDecoder();
        for (let i = 0; i < noise.length; i += chunk) decoder.push(noise.subarray(i, i + chunk));
        // A frame's worth of zeros ends any partial frame the noise left (the longest is 21 bytes).
        decoder.push(new Uint8Array(24));
        const after = decoder.push(encodeSensor({ sequence: 9, speedCounts: 9, flags: 1 }));
        assert.deepEqual(after, [
          { type: FrameType.Sensor, sensor: { sequence: 9, speedCounts: 9, flags: 1 } },
        ]);
      }),
      { numRuns: 500 },
    );
  });

  it('names out-of-range fields', () => {
    assert.throws(() => encodeActuator({ sequence: 70000, throttle: 0, brake: 0 }), /sequence = 70000/);
    assert.throws(() => encodeSensor({ sequence: 0, speedCounts: -1, flags: 0 }), /speedCounts = -1/);
    assert.throws(() => encodeFrame(1, new Uint8Array(17)), /17 bytes exceeds 16/);
    assert.throws(() => speedToCounts(Number.NaN), /speed NaN km\/h/);
    assert.equal(speedToCounts(100), 10000);
    assert.equal(speedToCounts(1000), 0xffff);
    assert.equal(ACTUATOR_SCALE, 10000);
  });
});

describe('HIL link protocol (guest C decoder, hil_link.c on the host)', function () {
  this.timeout(60_000);
  let probe: string;
  before(() => {
    probe = buildHostProgram('link_probe');
  });

  function cDecode(bytes: Uint8Array): { lines: string[]; errors: Record<string, number> } {
    const result = spawnSync(probe, ['decode'], { input: Buffer.from(bytes), encoding: 'utf8' });
    assert.equal(result.status, 0, `link_probe decode failed (signal ${result.signal}): ${result.stderr}`);
    const lines = result.stdout.trim().split('\n');
    const last = lines.pop()!;
    const errors = Object.fromEntries([...last.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
    return { lines, errors };
  }

  it('encodes actuator frames byte-identically to the TypeScript encoder', () => {
    for (const [sequence, throttle, brake] of [
      [0, 0, 0],
      [65535, 10000, 0],
      [513, 1234, 4321],
    ] as const) {
      const result = spawnSync(probe, ['encode', String(sequence), String(throttle), String(brake)]);
      assert.equal(result.status, 0);
      assert.deepEqual([...result.stdout], [...encodeActuator({ sequence, throttle, brake })]);
    }
  });

  it('decodes TypeScript sensor and period-end frames, counts a bad checksum and resyncs', () => {
    const bad = encodeSensor({ sequence: 2, speedCounts: 200, flags: 1 });
    bad[bad.length - 1] ^= 0xff;
    const stream = concat(
      encodeSensor({ sequence: 1, speedCounts: 10000, flags: 5 }),
      new Uint8Array([0x00, SYNC_0, 0x12]),
      bad,
      encodeActuator({ sequence: 3, throttle: 0, brake: 0 }), // a type the guest does not receive
      encodePeriodEnd(3),
      encodeSensor({ sequence: 4, speedCounts: 65535, flags: 1 }),
    );
    const { lines, errors } = cDecode(stream);
    assert.deepEqual(lines, ['sensor 1 10000 5', 'period-end 3', 'sensor 4 65535 1']);
    assert.equal(errors.checksum, 1);
    assert.equal(errors.type, 1);
    assert.ok(errors.sync >= 2);
    assert.equal(errors.frames, 3);
  });

  it('survives fuzzed byte streams: decodes only frames the TypeScript decoder also finds, and resyncs after them', () => {
    // Random noise with real frames spliced in. The C decoder must not crash; it never re-scans bytes
    // it consumed while a header looked valid, so it may miss a frame the TypeScript decoder finds, but
    // what it decodes must be a subsequence of the TypeScript result, and after a frame's worth of
    // zeros it must decode the closing sentinel frame.
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constant(null)), { maxLength: 30 }),
        (parts) => {
          let sequence = 0;
          const stream = concat(
            ...parts.map(
              (p) => p ?? encodeSensor({ sequence: sequence++, speedCounts: sequence * 3, flags: 1 }),
            ),
            new Uint8Array(24),
            encodeSensor({ sequence: 4242, speedCounts: 4242, flags: 1 }),
          );
          const cSensors = cDecode(stream).lines.filter((l) => l.startsWith('sensor '));
          const tsSensors = decodeAll(stream)
            .frames.filter((f) => f.type === FrameType.Sensor)
            .map((f) =>
              f.type === FrameType.Sensor
                ? `sensor ${f.sensor.sequence} ${f.sensor.speedCounts} ${f.sensor.flags}`
                : '',
            );
          let at = 0;
          for (const line of cSensors) {
            while (at < tsSensors.length && tsSensors[at] !== line) at++;
            assert.ok(
              at < tsSensors.length,
              `C decoded '${line}', which the TypeScript decoder did not find in order`,
            );
            at++;
          }
          assert.equal(cSensors[cSensors.length - 1], 'sensor 4242 4242 1');
        },
      ),
      { numRuns: 60 },
    );
  });
});
