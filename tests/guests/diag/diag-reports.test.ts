// The diagnostic guest's reporting logic in Node: decoding of the control guest's messages, decimal
// rendering, and the constants main.ts and uds/config.ts hard-code (reserved virtual interrupts, port
// indices of systems/demo.ts) against their sources.
import assert from 'node:assert/strict';
import {
  faultCode,
  faultPeriod,
  faultSpeedCentiKmh,
  statusFaultFlags,
  statusMode,
  statusSetpointCentiKmh,
  statusSpeedCentiKmh,
  writeCentis,
  writeDecimal,
} from '../../../guests/diag/vehicle-report.ts';
import { DIAG_VIRQ_PORT, DIAG_VIRQ_TIMER, DIAG_VIRQ_VCAN, TICKS_PER_MS } from '../../../guests/diag/main.ts';
import {
  CONTROL_FAULTS_PORT,
  SETPOINT_CMD_PORT,
  VEHICLE_STATUS_PORT,
} from '../../../guests/diag/uds/config.ts';
import { VIRQ_PORT, VIRQ_TIMER, VIRQ_VCAN } from '../../../firmware/core/virq.ts';
import demo from '../../../systems/demo.ts';

describe('diag guest: vehicle report (Node)', () => {
  it('decodes vehicle_status and control_faults fields (docs/HIL-PROTOCOL.md layouts)', () => {
    const status = new Uint8Array(20);
    const view = new DataView(status.buffer);
    view.setUint32(0, 1234, true);
    view.setUint16(4, 9987, true);
    view.setUint16(6, 10000, true);
    status[14] = 1;
    status[15] = 5;
    assert.equal(statusSpeedCentiKmh(status), 9987);
    assert.equal(statusSetpointCentiKmh(status), 10000);
    assert.equal(statusMode(status), 1);
    assert.equal(statusFaultFlags(status), 5);
    const fault = new Uint8Array(12);
    const fv = new DataView(fault.buffer);
    fault[0] = 1;
    fv.setUint16(2, 4321, true);
    fv.setUint32(4, 0x01020304, true);
    assert.equal(faultCode(fault), 1);
    assert.equal(faultSpeedCentiKmh(fault), 4321);
    assert.equal(faultPeriod(fault), 0x01020304);
  });

  it('renders decimals and hundredths', () => {
    const out = new Uint8Array(16);
    const text = (n: number) => Buffer.from(out.subarray(0, n)).toString('latin1');
    assert.equal(text(writeDecimal(0, out)), '0');
    assert.equal(text(writeDecimal(4294967295, out)), '4294967295');
    assert.equal(text(writeCentis(10005, out)), '100.05');
    assert.equal(text(writeCentis(7, out)), '0.07');
    assert.equal(text(writeCentis(65535, out)), '655.35');
  });

  it('main.ts constants match the core and systems/demo.ts', () => {
    assert.deepEqual([DIAG_VIRQ_TIMER, DIAG_VIRQ_PORT, DIAG_VIRQ_VCAN], [VIRQ_TIMER, VIRQ_PORT, VIRQ_VCAN]);
    assert.equal(demo.ports[VEHICLE_STATUS_PORT]?.name, 'vehicle_status');
    assert.equal(demo.ports[CONTROL_FAULTS_PORT]?.name, 'control_faults');
    assert.equal(demo.ports[SETPOINT_CMD_PORT]?.name, 'setpoint_cmd');
    assert.equal(demo.tickMicroseconds * TICKS_PER_MS, 1000, 'one tick per millisecond');
  });
});
