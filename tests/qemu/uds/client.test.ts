// UDS client (qemu/uds/client.ts) over the host ISO-TP, against the guest's ISO-TP transport answering
// with scripted server responses (in-memory bus): every service's request bytes and typed result,
// multi-frame VIN and multi-DID reads, response pending (0x78) then the final answer within P2*, P2 and
// P2* timeouts, negative responses with NRC names, SPRB (no answer expected, a negative one still
// reported), functional requests on 0x7DF, security unlock with the contract key algorithm (reference
// vectors computed independently), DTC records with status bits; malformed answers (other SID,
// truncated, wrong DID) give errors naming the request. The bad answers are recorded as reliability
// evidence (suite `uds-host`).
import assert from 'node:assert/strict';

import { MemoryCanBus } from '../../../qemu/uds/can-link.ts';
import { UdsClient, ResetType, RoutineControlType, Session } from '../../../qemu/uds/client.ts';
import { decodeDid, formatDidValue } from '../../../qemu/uds/dids.ts';
import { controlDtc, healthDtc, formatDtcRecord } from '../../../qemu/uds/dtc.ts';
import { UdsNegativeResponseError, UdsProtocolError, UdsTimeoutError } from '../../../qemu/uds/errors.ts';
import { IsoTpChannel } from '../../../qemu/uds/isotp.ts';
import { securityKeyFor } from '../../../qemu/uds/security.ts';
import { recordReliability, type ReliabilityEntry } from '../../reliability/record.ts';
import { GuestIsoTpPeer, type PeerAnswer, type Responder } from './helpers/guest-isotp-peer.ts';

const VIN = 'WBULKHEAD0DEMO001';
const ascii = (text: string): number[] => [...Buffer.from(text, 'latin1')];
const fromHex = (hex: string): number[] => [...Buffer.from(hex, 'hex')];

interface Rig {
  client: UdsClient;
  peer: GuestIsoTpPeer;
  bus: MemoryCanBus;
  channel: IsoTpChannel;
}

function rig(responder: Responder, p2Ms = 150, p2StarMs = 600): Rig {
  const bus = new MemoryCanBus();
  const peer = new GuestIsoTpPeer(bus, { responder });
  const channel = new IsoTpChannel(bus.attach(), { txId: 0x7e0, rxId: 0x7e8, functionalId: 0x7df });
  return { client: new UdsClient(channel, { p2Ms, p2StarMs }), peer, bus, channel };
}

function stop(r: Rig | undefined): void {
  r?.peer.stop();
  r?.channel.close();
}

/** A scripted server: answers keyed by the request's hex bytes. */
function script(table: Record<string, PeerAnswer[] | number[]>): Responder {
  return (request) => {
    const answer = table[Buffer.from(request).toString('hex').toUpperCase()];
    if (answer === undefined) return [{ bytes: [0x7f, request[0], 0x11] }];
    return typeof answer[0] === 'number' ? [{ bytes: answer as number[] }] : (answer as PeerAnswer[]);
  };
}

const badAnswers: { name: string; outcome: string }[] = [];

describe('UDS client against scripted answers over the guest ISO-TP (in-memory bus)', function () {
  this.timeout(10_000);
  let r: Rig | undefined;
  afterEach(() => stop(r));
  after(() => {
    const entries: ReliabilityEntry[] = badAnswers.map((b) => ({
      category: 'bad-input',
      name: b.name,
      count: 1,
      outcome: b.outcome,
      hypervisorFailures: 0,
      lostMessages: 0,
    }));
    if (entries.length > 0)
      recordReliability({
        suite: 'uds-host',
        title: 'UDS host tester: malformed and missing answers',
        entries,
      });
  });

  it('session control decodes P2 and P2* (10 ms units); ECU reset and tester present', async () => {
    r = rig(
      script({ '1003': [0x50, 0x03, 0x00, 0x32, 0x01, 0xf4], '1103': [0x51, 0x03], '3E00': [0x7e, 0x00] }),
    );
    assert.deepEqual(await r.client.diagnosticSessionControl(Session.Extended), {
      session: 3,
      p2ServerMs: 50,
      p2StarServerMs: 5000,
    });
    assert.equal(await r.client.ecuReset(ResetType.Soft), 3);
    await r.client.testerPresent();
    assert.deepEqual(
      r.peer.requests.map((q) => Buffer.from(q.bytes).toString('hex')),
      ['1003', '1103', '3e00'],
    );
  });

  it('reads the VIN (multi-frame answer) and several DIDs in one request', async () => {
    r = rig(
      script({
        '22F190': [0x62, 0xf1, 0x90, ...ascii(VIN)],
        // Speed 100.00 km/h, set-point 100.00 km/h, partition table (2 VMs), software version.
        '22010001010110F195': [
          ...fromHex('620100271001012710011002000200010000010300030002F195'),
          ...ascii('diag 1.0.0;hv 0.3.0'),
        ],
        // 0x1234 is unknown: the server leaves it out and answers the others.
        '220100123401020103': fromHex('62010027100102005A0103010005'),
      }),
    );
    const vin = await r.client.readDid(0xf190);
    assert.deepEqual(vin, { kind: 'ascii', text: VIN });
    assert.ok(r.bus.log.filter((e) => e.frame.id === 0x7e8).length >= 3, 'VIN came as FF + CFs');
    const records = await r.client.readDataByIdentifier([0x0100, 0x0101, 0x0110, 0xf195]);
    assert.deepEqual(
      records.map((x) => x.did),
      [0x0100, 0x0101, 0x0110, 0xf195],
    );
    assert.equal(formatDidValue(decodeDid(0x0100, records[0].bytes)), '100.00 km/h (raw 10000)');
    assert.deepEqual(decodeDid(0x0110, records[2].bytes), {
      kind: 'partitions',
      partitions: [
        { index: 0, state: 2, stateName: 'running', starts: 1, faults: 0 },
        { index: 1, state: 3, stateName: 'waiting', starts: 3, faults: 2 },
      ],
    });
    assert.deepEqual(decodeDid(0xf195, records[3].bytes), { kind: 'ascii', text: 'diag 1.0.0;hv 0.3.0' });
    const partial = await r.client.readDataByIdentifier([0x0100, 0x1234, 0x0102, 0x0103]);
    assert.deepEqual(
      partial.map((x) => formatDidValue(decodeDid(x.did, x.bytes))),
      ['100.00 km/h (raw 10000)', '9.0 % (raw 90)', 'valid, age 5 ticks'],
    );
  });

  it('waits through response pending (0x78) for the final answer within P2*', async () => {
    r = rig(
      script({
        '3101F000': [
          { bytes: [0x7f, 0x31, 0x78] },
          { delayMs: 250, bytes: [0x7f, 0x31, 0x78] },
          { delayMs: 250, bytes: [0x71, 0x01, 0xf0, 0x00, 0x00] },
        ],
        '3103F000': [0x71, 0x03, 0xf0, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78],
      }),
    );
    const started = performance.now();
    const start = await r.client.routineControl(RoutineControlType.Start, 0xf000);
    assert.ok(performance.now() - started >= 450, 'both pending intervals waited (each longer than P2)');
    assert.deepEqual([...start!.status], [0x00]);
    const results = await r.client.routineControl(RoutineControlType.Results, 0xf000);
    assert.deepEqual([...results!.status], [0x00, 0x12, 0x34, 0x56, 0x78]);
    const exchange = await r.client.exchange(Uint8Array.of(0x31, 0x01, 0xf0, 0x00));
    assert.equal(exchange.pendingResponses, 2);
    assert.equal(exchange.outcome.kind, 'positive');
  });

  it('times out after P2 with no answer and after P2* following a 0x78, naming the request', async () => {
    r = rig(script({ '220100': [], '3101F000': [0x7f, 0x31, 0x78] }));
    await assert.rejects(r.client.readDid(0x0100), (e: Error) => {
      assert.ok(e instanceof UdsTimeoutError);
      assert.match(e.message, /ReadDataByIdentifier \[22 01 00\]: no response within 150 ms \(P2\)/);
      return true;
    });
    badAnswers.push({
      name: 'no answer to a physical request',
      outcome: `UdsTimeoutError after P2 (150 ms)`,
    });
    await assert.rejects(
      r.client.routineControl(RoutineControlType.Start, 0xf000),
      /RoutineControl \[31 01 F0 00\]: no response within 600 ms after 1 response-pending \(0x78\) answers \(P2\*\)/,
    );
    badAnswers.push({ name: '0x78 then silence', outcome: 'UdsTimeoutError after P2* (600 ms)' });
  });

  it('reports negative responses with the NRC and its name', async () => {
    r = rig(script({ '2701': [0x67, 0x01, 0x12, 0x34, 0x56, 0x78], '270250E386E1': [0x7f, 0x27, 0x35] }));
    const seed = await r.client.requestSeed();
    assert.deepEqual([...seed], [0x12, 0x34, 0x56, 0x78]);
    await assert.rejects(r.client.sendKey(Uint8Array.of(0x50, 0xe3, 0x86, 0xe1)), (e: Error) => {
      assert.ok(e instanceof UdsNegativeResponseError);
      assert.equal(e.nrc, 0x35);
      assert.equal(e.message, 'SecurityAccess [27 02 50 E3 86 E1]: negative response 0x35 invalidKey');
      return true;
    });
    await assert.rejects(
      r.client.readDid(0x1234),
      /ReadDataByIdentifier \[22 12 34\]: negative response 0x11 serviceNotSupported/,
    );
  });

  it('unlocks with the contract key algorithm (reference vectors) and a configurable secret', () => {
    assert.equal(securityKeyFor(0x12345678), 0x50e386e1);
    assert.equal(securityKeyFor(0xdeadbeef), 0xe1b6743a);
    assert.equal(securityKeyFor(0x00000001, 0x11111111), 0x2dd0120f);
  });

  it('unlock: requestSeed then sendKey; a zero seed means already unlocked', async () => {
    let unlocked = false;
    r = rig((q) => {
      const hex = Buffer.from(q).toString('hex').toUpperCase();
      if (hex === '2701')
        return [{ bytes: unlocked ? [0x67, 1, 0, 0, 0, 0] : [0x67, 0x01, 0xde, 0xad, 0xbe, 0xef] }];
      if (hex === '2702E1B6743A') {
        unlocked = true;
        return [{ bytes: [0x67, 0x02] }];
      }
      return [{ bytes: [0x7f, q[0], 0x35] }];
    });
    assert.deepEqual(await r.client.unlock(), {
      alreadyUnlocked: false,
      seed: Uint8Array.of(0xde, 0xad, 0xbe, 0xef),
    });
    assert.equal((await r.client.unlock()).alreadyUnlocked, true);
    await assert.rejects(
      (async () => {
        unlocked = false;
        await r.client.unlock(0x11111111);
      })(),
      /negative response 0x35 invalidKey/,
    );
  });

  it('SPRB: no answer is success, a negative answer is still reported; functional requests go to 0x7DF', async () => {
    r = rig((q, functional) => {
      const hex = Buffer.from(q).toString('hex').toUpperCase();
      if (hex === '3E80') return [];
      if (hex === '1083') return [{ bytes: [0x7f, 0x10, 0x22] }];
      if (functional && hex === '3E00') return [{ bytes: [0x7e, 0x00] }];
      if (functional && hex === '1019') return []; // 0x12 suppressed on functional requests
      return [{ bytes: [0x7f, q[0], 0x11] }];
    });
    await r.client.testerPresent({ suppressPositive: true });
    await assert.rejects(
      r.client.diagnosticSessionControl(Session.Extended, { suppressPositive: true }),
      /DiagnosticSessionControl \[10 83\]: negative response 0x22 conditionsNotCorrect/,
    );
    await r.client.testerPresent({ functional: true });
    assert.equal(await r.client.diagnosticSessionControl(0x19, { functional: true }), null);
    assert.deepEqual(
      r.peer.requests.map((q) => [Buffer.from(q.bytes).toString('hex'), q.functional]),
      [
        ['3e80', false],
        ['1083', false],
        ['3e00', true],
        ['1019', true],
      ],
    );
    assert.ok(
      r.bus.log.some((e) => e.frame.id === 0x7df && e.frame.data[0] === 0x02 && e.frame.data[1] === 0x3e),
    );
  });

  it('parses DTC count, list and supported DTCs with status bits; clears all', async () => {
    const c1 = controlDtc(1);
    const b1 = healthDtc(2, 0);
    r = rig(
      script({
        '1901FF': [0x59, 0x01, 0x2f, 0x01, 0x00, 0x02],
        '1902FF': [0x59, 0x02, 0x2f, 0xc1, 0x00, 0x01, 0x2f, 0xb1, 0x02, 0x00, 0x2e],
        '190A': [0x59, 0x0a, 0x2f, 0xc1, 0x00, 0x01, 0x2f],
        '14FFFFFF': [0x54],
      }),
    );
    assert.deepEqual(await r.client.readDtcCount(), {
      availabilityMask: 0x2f,
      formatIdentifier: 1,
      count: 2,
    });
    const list = await r.client.readDtcsByStatusMask(0xff);
    assert.deepEqual(
      list.records.map((d) => [d.dtc, d.status]),
      [
        [c1, 0x2f],
        [b1, 0x2e],
      ],
    );
    assert.deepEqual(list.records[0].bits, [
      'testFailed',
      'testFailedThisOperationCycle',
      'pendingDTC',
      'confirmedDTC',
      'testFailedSinceLastClear',
    ]);
    assert.equal(
      formatDtcRecord(list.records[1]),
      'B10200 status 0x2E (testFailedThisOperationCycle, pendingDTC, confirmedDTC, testFailedSinceLastClear) health monitor: VM 2, mpu-violation',
    );
    assert.equal((await r.client.readSupportedDtcs()).records.length, 1);
    await r.client.clearDiagnosticInformation();
  });

  it('rejects answers that do not fit the request: other SID, truncated, wrong DID, odd DTC bytes', async () => {
    r = rig(
      script({
        '1003': [0x62, 0x03],
        '1002': [0x50, 0x02, 0x00],
        '22F18C': [0x62, 0xf1, 0x90, ...ascii('BH0000000001')],
        '22F190': [0x62, 0xf1, 0x90, ...ascii('SHORT')],
        '1902FF': [0x59, 0x02, 0x2f, 0xc1, 0x00],
        '2701': [0x7f, 0x27],
      }),
    );
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      [
        'answer with another SID',
        () => r!.client.diagnosticSessionControl(Session.Extended),
        /DiagnosticSessionControl \[10 03\]: unexpected SID 0x62 \(expected 0x50 or 0x7F\); response \[62 03\]/,
      ],
      [
        'truncated session answer',
        () => r!.client.diagnosticSessionControl(Session.Programming),
        /truncated response: 3 bytes, at least 6 expected/,
      ],
      [
        'answer for another DID',
        () => r!.client.readDid(0xf18c),
        /response carries DID 0xF190, which was not requested \(requested 0xF18C\)/,
      ],
      ['truncated DID record', () => r!.client.readDid(0xf190), /DID 0xF190 record truncated: 5 of 17 bytes/],
      [
        'DTC list not in 4-byte records',
        () => r!.client.readDtcsByStatusMask(0xff),
        /2 bytes is not a multiple of 4/,
      ],
      ['negative answer of 2 bytes', () => r!.client.requestSeed(), /negative response shorter than 3 bytes/],
    ];
    for (const [name, call, pattern] of cases) {
      await assert.rejects(call(), (e: Error) => {
        assert.ok(e instanceof UdsProtocolError, `${name}: ${e.message}`);
        assert.match(e.message, pattern);
        return true;
      });
      badAnswers.push({ name, outcome: 'UdsProtocolError naming the request and the response bytes' });
    }
  });
});
