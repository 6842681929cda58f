// DBC decoding for `bulkhead can dump --dbc`: the demo's DBC (systems/demo.dbc) decodes the speed
// frame exactly as the control guest encodes it (guests/control/control_app.c: u16 speed and set-point
// in 0.01 km/h, little endian, mode, fault flags, rolling counter) and the diagnostic pair; an unknown
// ID gives nothing; a missing, malformed or empty file is refused naming the file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../qemu/runner/index.ts';
import type { CanMessage } from '../../../qemu/slcan/can-frame.ts';
import { DbcDecoder, DbcFileError } from '../../../qemu/slcan/dbc-decoder.ts';

function frame(id: number, bytes: number[]): CanMessage {
  return { id, extended: false, remote: false, dlc: bytes.length, data: Uint8Array.from(bytes) };
}

describe('qemu/slcan DBC decoding (candied) with the demo DBC', () => {
  const demo = DbcDecoder.load(join(repoRoot, 'systems', 'demo.dbc'));

  it('defines the speed frame and the diagnostic identifiers', () => {
    assert.deepEqual(
      [...demo.messages].sort((a, b) => a[0] - b[0]),
      [
        [0x100, 'VehicleSpeed'],
        [0x7df, 'DiagFunctionalRequest'],
        [0x7e0, 'DiagRequest'],
        [0x7e8, 'DiagResponse'],
      ],
    );
  });

  it('decodes the speed frame as the control guest encodes it', () => {
    // 98.76 km/h = 9876 = 0x2694, set-point 100.00 = 0x2710, cruise, link-error flag, counter 42.
    const text = demo.describe(frame(0x100, [0x94, 0x26, 0x10, 0x27, 1, 0x04, 42, 0]));
    assert.equal(
      text,
      'VehicleSpeed: Speed=98.76 km/h SetPoint=100.00 km/h Mode=cruise SensorTimeout=0 Implausible=0 LinkErrors=1 RollingCounter=42',
    );
    assert.match(demo.describe(frame(0x100, [0, 0, 0, 0, 2, 1, 0, 0]))!, /Mode=failsafe SensorTimeout=1/);
  });

  it('decodes a UDS single frame and leaves unknown IDs and remote frames alone', () => {
    assert.equal(
      demo.describe(frame(0x7e8, [0x02, 0x7e, 0x00, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa])),
      'DiagResponse: PciType=0 Length=2 ServiceId=126',
    );
    assert.equal(demo.describe(frame(0x123, [1, 2])), null);
    assert.equal(demo.describe({ ...frame(0x100, []), remote: true, dlc: 8 }), null);
  });

  it('refuses a missing, malformed or empty file naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-dbc-'));
    try {
      assert.throws(
        () => DbcDecoder.load(join(dir, 'none.dbc')),
        (err: Error) =>
          err instanceof DbcFileError && /none\.dbc' cannot be read \(ENOENT\)/.test(err.message),
      );
      writeFileSync(join(dir, 'bad.dbc'), 'VERSION ""\nBO_ abc X 8\n');
      assert.throws(
        () => DbcDecoder.load(join(dir, 'bad.dbc')),
        /bad\.dbc': A syntax error occurred on line 2/,
      );
      writeFileSync(join(dir, 'empty.dbc'), 'VERSION ""\n');
      assert.throws(() => DbcDecoder.load(join(dir, 'empty.dbc')), /empty\.dbc' defines no message/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
