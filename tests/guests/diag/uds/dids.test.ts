// Data identifiers of the diagnostic guest's UDS server in Node (harness/diag-bench.ts): identification,
// live data from the control VM's `vehicle_status`, the partition table from the real core, several
// DIDs per request, responseTooLong, every NRC of 0x22 and 0x2E, and a set-point write that reaches the
// control VM on `setpoint_cmd`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SETPOINT_MAX_CENTI_KMH } from '../../../../guests/diag/uds/config.ts';
import { Hypercall } from '../../../../firmware/core/hypercall-numbers.ts';
import { partitionOf } from '../../../../firmware/core/partition.ts';
import { CONTROL_VM, DiagBench } from './harness/diag-bench.ts';

const ascii = (text: string) => [...Buffer.from(text, 'latin1')];

function keyFor(seed: number): number {
  const mixed = (seed ^ 0xb01dface) >>> 0;
  return ((((mixed << 5) | (mixed >>> 27)) >>> 0) + 0x0badf00d) >>> 0;
}

function unlock(bench: DiagBench): void {
  assert.deepEqual(bench.request([0x10, 0x03])?.slice(0, 2), [0x50, 0x03]);
  const seedResponse = bench.request([0x27, 0x01])!;
  const seed = Buffer.from(seedResponse.slice(2)).readUInt32BE(0);
  const key = Buffer.alloc(4);
  key.writeUInt32BE(keyFor(seed));
  assert.deepEqual(bench.request([0x27, 0x02, ...key]), [0x67, 0x02]);
}

describe('diag UDS server: data identifiers (0x22, 0x2E)', function () {
  this.timeout(20_000);
  let bench: DiagBench;
  beforeEach(() => {
    bench = new DiagBench();
    bench.run(30);
  });

  it('reads VIN, serial and software version', () => {
    assert.deepEqual(bench.request([0x22, 0xf1, 0x90]), [0x62, 0xf1, 0x90, ...ascii('WBULKHEAD0DEMO001')]);
    assert.deepEqual(bench.request([0x22, 0xf1, 0x8c]), [0x62, 0xf1, 0x8c, ...ascii('BH0000000001')]);
    assert.deepEqual(bench.request([0x22, 0xf1, 0x95]), [0x62, 0xf1, 0x95, ...ascii('diag 1.0.0;hv 1.0.0')]);
  });

  it('reads live data from vehicle_status: speed, set-point, throttle (0.1 %), validity and age', () => {
    bench.control.speedCentiKmh = 9876;
    bench.control.setpointCentiKmh = 12000;
    bench.control.throttle = 4567;
    bench.run(20);
    const response = bench.request([0x22, 0x01, 0x00, 0x01, 0x01, 0x01, 0x02, 0x01, 0x03])!;
    assert.deepEqual(
      response.slice(0, 15),
      [0x62, 0x01, 0x00, 0x26, 0x94, 0x01, 0x01, 0x2e, 0xe0, 0x01, 0x02, 0x01, 0xc8, 0x01, 0x03],
    );
    assert.equal(response[15], 1, 'valid');
    const age = (response[16] << 8) | response[17];
    assert.ok(age <= 10, `age ${age} ticks`);
    assert.equal(response.length, 18);
    bench.control.publishing = false;
    bench.run(200);
    const stale = bench.request([0x22, 0x01, 0x03])!;
    assert.equal(stale[3], 0, 'invalid after the refresh period');
    assert.ok(((stale[4] << 8) | stale[5]) >= 150, 'age grows');
  });

  it('answers 0x22 for live data before the control guest ever published', () => {
    const quiet = new DiagBench();
    quiet.control.publishing = false;
    quiet.run(30);
    assert.deepEqual(quiet.request([0x22, 0x01, 0x00]), [0x7f, 0x22, 0x22]);
    assert.deepEqual(quiet.request([0x22, 0x01, 0x03]), [0x62, 0x01, 0x03, 0x00, 0xff, 0xff]);
  });

  it('reads the partition table from the hypervisor (state, starts, faults per VM)', () => {
    const table = bench.request([0x22, 0x01, 0x10])!;
    assert.deepEqual(table.slice(0, 4), [0x62, 0x01, 0x10, 2]);
    const control = table.slice(4, 10);
    const diag = table.slice(10, 16);
    assert.equal(control[0], 0);
    assert.ok([1, 2, 3].includes(control[1]), `control state ${control[1]}`);
    assert.deepEqual(control.slice(2), [0, 1, 0, 0], 'one start, no fault');
    assert.deepEqual(diag, [1, 2, 0, 1, 0, 0], 'diag: running (it is asking), one start');
    // A restart of the control VM through routine 0x0200 shows as a second start.
    assert.deepEqual(bench.request([0x31, 0x01, 0x02, 0x00]), [0x71, 0x01, 0x02, 0x00, 0x00]);
    bench.run(20);
    assert.deepEqual(bench.request([0x22, 0x01, 0x10])!.slice(6, 10), [0, 2, 0, 0]);
  });

  it('reports starts and faults as the hypervisor counts them, whoever caused them (VmStatus page 1)', () => {
    // A restart the control VM orders itself: neither this guest nor the health monitor ordered it.
    bench.controlOnce((g) => void g.call(Hypercall.VmRestart, CONTROL_VM, 0));
    bench.run(20);
    // A memory violation: a health event (the demo policy restarts the VM).
    bench.controlOnce((g) => g.store(0x0000_0100, [1]));
    bench.run(30);
    const control = partitionOf(CONTROL_VM);
    assert.ok(control.starts >= 3, `control starts ${control.starts}`);
    assert.equal(control.faults, 1);
    const row = bench.request([0x22, 0x01, 0x10])!.slice(4, 10);
    assert.deepEqual(row.slice(2), [control.starts >>> 8, control.starts & 0xff, 0, 1]);
  });

  it('serves several DIDs per request, leaves unknown ones out, 0x31 when none is known', () => {
    const both = bench.request([0x22, 0xf1, 0x8c, 0x12, 0x34, 0xf1, 0x90])!;
    assert.deepEqual(both, [
      0x62,
      0xf1,
      0x8c,
      ...ascii('BH0000000001'),
      0xf1,
      0x90,
      ...ascii('WBULKHEAD0DEMO001'),
    ]);
    assert.deepEqual(bench.request([0x22, 0x12, 0x34]), [0x7f, 0x22, 0x31]);
    assert.deepEqual(bench.request([0x22, 0x12, 0x34, 0xf1, 0x91]), [0x7f, 0x22, 0x31]);
  });

  it('rejects odd and short lengths with 0x13 and too long responses with 0x14', () => {
    assert.deepEqual(bench.request([0x22]), [0x7f, 0x22, 0x13]);
    assert.deepEqual(bench.request([0x22, 0xf1]), [0x7f, 0x22, 0x13]);
    assert.deepEqual(bench.request([0x22, 0xf1, 0x90, 0xf1]), [0x7f, 0x22, 0x13]);
    // 216 VINs of 19 bytes each: 4105 bytes, above 4095 (segmented request of 433 bytes).
    const many = [0x22];
    for (let i = 0; i < 216; i++) many.push(0xf1, 0x90);
    assert.deepEqual(bench.request(many, { timeoutTicks: 2000 }), [0x7f, 0x22, 0x14]);
    // 215 fit: 4086 bytes, the longest response this test makes.
    const fits = many.slice(0, 1 + 215 * 2);
    const response = bench.request(fits, { timeoutTicks: 4000 })!;
    assert.equal(response.length, 1 + 215 * 19);
    assert.deepEqual(response.slice(-17), ascii('WBULKHEAD0DEMO001'));
  });

  it('writes the set-point in the extended session when unlocked, forwarded on setpoint_cmd', () => {
    assert.deepEqual(bench.request([0x2e, 0x01, 0x01, 0x27, 0x10]), [0x7f, 0x2e, 0x7f], 'default session');
    bench.request([0x10, 0x02]);
    bench.request([0x10, 0x03]);
    assert.deepEqual(bench.request([0x2e, 0x01, 0x01, 0x27, 0x10]), [0x7f, 0x2e, 0x33], 'locked');
    assert.deepEqual(bench.request([0x2e, 0x01]), [0x7f, 0x2e, 0x13]);
    assert.deepEqual(bench.request([0x2e, 0xf1, 0x90, 0x41]), [0x7f, 0x2e, 0x31], 'read-only DID');
    assert.deepEqual(bench.request([0x2e, 0x12, 0x34, 0x00]), [0x7f, 0x2e, 0x31], 'unknown DID');
    unlock(bench);
    assert.deepEqual(bench.request([0x2e, 0x01, 0x01, 0x27]), [0x7f, 0x2e, 0x13]);
    assert.deepEqual(bench.request([0x2e, 0x01, 0x01, 0x46, 0x51]), [0x7f, 0x2e, 0x31], '18001 out of range');
    assert.deepEqual(bench.request([0x2e, 0x01, 0x01, 0x4e, 0x20]), [0x7f, 0x2e, 0x31], '20000 out of range');
    assert.deepEqual(bench.request([0x2e, 0x01, 0x01, 0xff, 0xff]), [0x7f, 0x2e, 0x31], '65535 out of range');
    assert.deepEqual(bench.setpoints, []);
    assert.deepEqual(bench.request([0x2e, 0x01, 0x01, 0x46, 0x50]), [0x6e, 0x01, 0x01], '18000');
    assert.deepEqual(bench.request([0x2e, 0x01, 0x01, 0x1f, 0x40]), [0x6e, 0x01, 0x01], '8000');
    bench.run(20);
    assert.deepEqual(bench.setpoints, [
      [0x50, 0x46, 0x01],
      [0x40, 0x1f, 0x01],
    ]);
  });

  it("limits the set-point to the control guest's own limit (control_app.h)", () => {
    const header = readFileSync('guests/control/control_app.h', 'utf8');
    const limit = /^#define CONTROL_MAX_SETPOINT_KMH\s+([0-9.]+)f?\b/m.exec(header);
    assert.ok(limit !== null, 'CONTROL_MAX_SETPOINT_KMH in guests/control/control_app.h');
    assert.equal(SETPOINT_MAX_CENTI_KMH, Math.round(Number(limit[1]) * 100));
  });
});
