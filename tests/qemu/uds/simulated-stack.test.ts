// The whole host tester (SLCAN client over a real TCP socket, host ISO-TP, UDS client: `connectUds`)
// against the diagnostic guest's own code on the hypervisor core of the Node simulation
// (tests/guests/diag/uds/harness/diag-bench.ts: the demo system with the control VM played by a script),
// its bus UART served on a socket with ticks paced on wall time: the VIN and the partition table, a
// control fault injected as the control VM's message turning into DTC 0xC10001 and cleared, security
// unlock with the contract algorithm and the set-point write reaching the control VM's port. Fast
// feedback without QEMU; tests/e2e/uds/ runs the same path on the target.
import assert from 'node:assert/strict';

import { Session } from '../../../qemu/uds/client.ts';
import { connectUds, type UdsConnection } from '../../../qemu/uds/connect.ts';
import { controlDtc, DTC_STATUS_FAULT } from '../../../qemu/uds/dtc.ts';
import { encodeSetpoint } from '../../../qemu/uds/dids.ts';
import { BUS_UART, DiagBench } from '../../guests/diag/uds/harness/diag-bench.ts';
import { SimulatedBusServer } from './helpers/simulated-bus-server.ts';

const SENSOR_TIMEOUT_FAULT = 1;

describe('host tester over a real socket against the diag guest on the simulated hypervisor', function () {
  this.timeout(20_000);
  let bench: DiagBench;
  let server: SimulatedBusServer | undefined;
  let uds: UdsConnection | undefined;

  before(async () => {
    bench = new DiagBench();
    bench.machine.run(30);
    server = await SimulatedBusServer.start(bench.machine, BUS_UART, 2);
    uds = await connectUds({ port: server.port, p2Ms: 1000, p2StarMs: 4000 });
  });
  after(async () => {
    await uds?.close();
    await server?.stop();
  });

  it('reads the VIN (multi-frame) and the partition table', async () => {
    const { client } = uds!;
    assert.deepEqual(await client.readDid(0xf190), { kind: 'ascii', text: 'WBULKHEAD0DEMO001' });
    const table = await client.readDid(0x0110);
    assert.equal(table.kind, 'partitions');
    if (table.kind === 'partitions')
      assert.deepEqual(
        table.partitions.map((p) => p.index),
        [0, 1],
      );
  });

  it('turns a control fault into DTC 0xC10001 (status 0x2F) and clears it', async () => {
    const { client } = uds!;
    server!.inject(() => bench.controlFault(SENSOR_TIMEOUT_FAULT));
    const end = Date.now() + 5000;
    let records = (await client.readDtcsByStatusMask(0xff)).records;
    while (!records.some((r) => r.dtc === controlDtc(SENSOR_TIMEOUT_FAULT)) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
      records = (await client.readDtcsByStatusMask(0xff)).records;
    }
    assert.deepEqual(
      records.map((r) => [r.dtc, r.status]),
      [[controlDtc(SENSOR_TIMEOUT_FAULT), DTC_STATUS_FAULT]],
    );
    await client.clearDiagnosticInformation();
    assert.equal((await client.readDtcCount()).count, 0);
  });

  it('unlocks with the contract key and writes the set-point, which reaches the control VM', async () => {
    const { client } = uds!;
    await client.diagnosticSessionControl(Session.Extended);
    assert.equal((await client.unlock()).alreadyUnlocked, false);
    await client.writeDataByIdentifier(0x0101, encodeSetpoint(72.5));
    const end = Date.now() + 3000;
    while (bench.setpoints.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const message = bench.setpoints.at(-1);
    assert.ok(message !== undefined, 'a setpoint_cmd message reached the control VM');
    // docs/UDS.md: u16 set-point in 0.01 km/h (little-endian), then the flags (bit 0: engaged).
    assert.deepEqual(message.slice(0, 3), [7250 & 0xff, 7250 >> 8, 0x01]);
  });
});
