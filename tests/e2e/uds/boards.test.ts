// The same diagnostics on both boards (QEMU, -icount shift=0): systems/test-uds.ts booted on
// realview-eb (Cortex-R5F) and moved to mps3-an536 (Cortex-R52 at EL2, guests at EL1, the HIL link and
// the SLCAN bus on CMSDK UARTs), each with the vehicle model on UART2. One fixed list of UDS requests
// (identification DIDs read as one multi-frame answer, the partition table, session changes, a seed
// request outside the extended session, unknown DIDs and services, the intruder's MPU violations and
// the DTC count once the intruder is halted, TesterPresent) goes to each board through the host
// tester on the printed SLCAN port; every answer, positive bytes or NRC, must be the same on both.
import assert from 'node:assert/strict';

import type { UdsConnection } from '../../../qemu/uds/connect.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';
import { bootUdsSystem, connectTester, waitForSteps, type UdsSystem } from './helpers/uds-system.ts';

const BOARDS = ['realview-eb', 'mps3-an536'] as const;
/** Control periods run before the requests: the intruder has been halted by then (3 restarts). */
const SETTLE_STEPS = 300;

/** Requests whose answers do not depend on time (no live speed, no tick counts). */
const REQUESTS: { name: string; bytes: number[] }[] = [
  { name: 'VIN, serial number, software version', bytes: [0x22, 0xf1, 0x90, 0xf1, 0x8c, 0xf1, 0x95] },
  { name: 'default session', bytes: [0x10, 0x01] },
  { name: 'seed outside the extended session', bytes: [0x27, 0x01] },
  { name: 'unknown DID', bytes: [0x22, 0x12, 0x34] },
  { name: 'unknown service', bytes: [0x83, 0x00] },
  { name: 'ReadDataByIdentifier too short', bytes: [0x22, 0xf1] },
  { name: 'DTCs of the intruder (status mask 0x08, confirmed)', bytes: [0x19, 0x02, 0x08] },
  { name: 'DTC count (mask 0xFF)', bytes: [0x19, 0x01, 0xff] },
  { name: 'extended session', bytes: [0x10, 0x03] },
  { name: 'TesterPresent', bytes: [0x3e, 0x00] },
  { name: 'default session again', bytes: [0x10, 0x01] },
];

/** Each request's answer as text: the positive bytes in hex, or the NRC. */
async function answers(tester: UdsConnection): Promise<string[]> {
  const out: string[] = [];
  for (const request of REQUESTS) {
    const { outcome } = await tester.client.exchange(Uint8Array.from(request.bytes));
    out.push(
      outcome.kind === 'positive'
        ? `${request.name}: ${Buffer.from(outcome.response).toString('hex')}`
        : outcome.kind === 'negative'
          ? `${request.name}: NRC 0x${outcome.nrc.toString(16)}`
          : `${request.name}: no answer`,
    );
  }
  return out;
}

describe('UDS on both boards: the same answers from realview-eb and mps3-an536 (icount)', function () {
  this.timeout(300_000);
  const results = new Map<string, string[]>();

  before(async () => {
    requireQemuForTests();
    for (const board of BOARDS) {
      let system: UdsSystem | undefined;
      let tester: UdsConnection | undefined;
      try {
        system = await bootUdsSystem({}, board);
        await waitForSteps(system, SETTLE_STEPS, 60_000);
        tester = await connectTester(system);
        results.set(board, await answers(tester));
      } finally {
        await tester?.close();
        await system?.stop();
      }
    }
  });

  it('answers every request on mps3-an536, and the intruder is reported as a DTC there', () => {
    const an536 = results.get('mps3-an536')!;
    assert.equal(an536.length, REQUESTS.length);
    assert.match(an536[0], /: 62f190/, 'the identification DIDs are read');
    assert.match(an536[6], /: 5902..b102/, `the intruder's MPU violations as DTC 0xB102xx: ${an536[6]}`);
  });

  it('gives the same answer to each request on both boards', () => {
    assert.deepEqual(results.get('mps3-an536'), results.get('realview-eb'));
  });
});
