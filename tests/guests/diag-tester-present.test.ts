// The diagnostic guest's logic in Node: UDS TesterPresent over single-frame ISO-TP (responses,
// suppress-positive-response, negative responses, frames ignored), decoding of the control guest's
// messages and decimal rendering, and the constants main.ts and uds/config.ts hard-code (reserved virtual interrupts,
// port indices of systems/demo.ts) against their sources.
import assert from 'node:assert/strict';
import {
  testerPresentRespond,
  UDS_FUNCTIONAL_REQUEST_ID,
  UDS_PHYSICAL_REQUEST_ID,
} from '../../guests/diag/tester-present.ts';
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
} from '../../guests/diag/vehicle-report.ts';
import { DIAG_VIRQ_PORT, DIAG_VIRQ_TIMER, DIAG_VIRQ_VCAN, TICKS_PER_MS } from '../../guests/diag/main.ts';
import { CONTROL_FAULTS_PORT, SETPOINT_CMD_PORT, VEHICLE_STATUS_PORT } from '../../guests/diag/uds/config.ts';
import { VIRQ_PORT, VIRQ_TIMER, VIRQ_VCAN } from '../../firmware/core/virq.ts';
import demo from '../../systems/demo.ts';

function respond(id: number, bytes: number[], dlc = bytes.length): number[] | null {
  const data = new Uint8Array(8);
  data.set(bytes.slice(0, 8));
  const response = new Uint8Array(8).fill(0x11);
  const length = testerPresentRespond(id, dlc, data, response);
  return length === 0 ? null : Array.from(response.subarray(0, length));
}

const PAD = 0xaa;

describe('diag guest: UDS TesterPresent (Node)', () => {
  it('answers 02 3E 00 on 0x7E0 and on 0x7DF with 02 7E 00, padded with 0xAA to 8 bytes', () => {
    const positive = [0x02, 0x7e, 0x00, PAD, PAD, PAD, PAD, PAD];
    assert.deepEqual(respond(UDS_PHYSICAL_REQUEST_ID, [0x02, 0x3e, 0x00]), positive);
    assert.deepEqual(respond(UDS_FUNCTIONAL_REQUEST_ID, [0x02, 0x3e, 0x00]), positive);
    assert.deepEqual(
      respond(0x7e0, [0x02, 0x3e, 0x00, 0x55, 0x55, 0x55, 0x55, 0x55]),
      positive,
      'padded request',
    );
  });

  it('honours the suppress-positive-response bit (02 3E 80: no response)', () => {
    assert.equal(respond(0x7e0, [0x02, 0x3e, 0x80]), null);
    assert.equal(respond(0x7df, [0x02, 0x3e, 0x80, PAD, PAD, PAD, PAD, PAD]), null);
  });

  it('answers errors on the physical address with negative responses', () => {
    const nrc = (sid: number, code: number) => [0x03, 0x7f, sid, code, PAD, PAD, PAD, PAD];
    assert.deepEqual(respond(0x7e0, [0x02, 0x3e, 0x01]), nrc(0x3e, 0x12), 'sub-function not supported');
    assert.deepEqual(respond(0x7e0, [0x03, 0x3e, 0x00, 0x00]), nrc(0x3e, 0x13), 'incorrect length');
    assert.deepEqual(respond(0x7e0, [0x02, 0x10, 0x01]), nrc(0x10, 0x11), 'service not supported');
    assert.equal(respond(0x7df, [0x02, 0x10, 0x01]), null, 'functional: no NRC 0x11');
    assert.equal(respond(0x7df, [0x02, 0x3e, 0x01]), null, 'functional: no NRC 0x12');
  });

  it('ignores other identifiers, non-single frames and lengths beyond the DLC', () => {
    assert.equal(respond(0x7e8, [0x02, 0x3e, 0x00]), null);
    assert.equal(respond(0x100, [0x02, 0x3e, 0x00]), null);
    assert.equal(respond(0x7e0, [0x10, 0x08, 0x3e, 0x00, 0, 0, 0, 0]), null, 'first frame');
    assert.equal(respond(0x7e0, [0x30, 0x00, 0x00]), null, 'flow control');
    assert.equal(respond(0x7e0, [0x02, 0x3e]), null, 'length 2 in a 2-byte frame');
    assert.equal(respond(0x7e0, [0x00, 0x3e, 0x00]), null, 'length 0');
    assert.equal(respond(0x7e0, []), null, 'empty frame');
  });
});

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
