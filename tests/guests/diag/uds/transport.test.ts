// The diagnostic guest's ISO-TP wiring in Node (harness/diag-bench.ts): segmented responses with the
// tester's block size and STmin, segmented requests with the server's flow control (BS 8, STmin 1 ms),
// functional requests on 0x7DF (single frames only, NRC suppression of ISO 14229-1 7.5), malformed and
// truncated frames and a random frame flood, after which the server still answers. Recorded as
// reliability evidence.
import assert from 'node:assert/strict';
import { recordReliability, type ReliabilityEntry } from '../../../reliability/record.ts';
import { DiagBench } from './harness/diag-bench.ts';

const ascii = (text: string) => [...Buffer.from(text, 'latin1')];
const VIN = ascii('WBULKHEAD0DEMO001');
const PAD = 0xaa;
const evidence: ReliabilityEntry[] = [];

/** A deterministic pseudo-random generator (xorshift32). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

describe('diag UDS server: ISO-TP wiring, functional requests, malformed frames', function () {
  this.timeout(20_000);
  let bench: DiagBench;
  beforeEach(() => {
    bench = new DiagBench();
    bench.run(30);
  });
  after(() =>
    recordReliability({
      suite: 'uds-server-input',
      title: 'UDS server of the diagnostic guest in Node (real core): malformed and truncated frames',
      entries: evidence,
    }),
  );

  it('sends the VIN as FF + 2 CFs, padded with 0xAA, after the tester flow control', () => {
    const firstFrame = bench.received.length;
    assert.deepEqual(bench.request([0x22, 0xf1, 0x90]), [0x62, 0xf1, 0x90, ...VIN]);
    const frames = bench.received.slice(firstFrame).filter((f) => f.id === 0x7e8);
    assert.deepEqual(
      frames.map((f) => f.data),
      [
        [0x10, 0x14, 0x62, 0xf1, 0x90, ...VIN.slice(0, 3)],
        [0x21, ...VIN.slice(3, 10)],
        [0x22, ...VIN.slice(10, 17), PAD, PAD, PAD, PAD, PAD, PAD].slice(0, 8),
      ],
    );
    const fc = bench.sent.filter((f) => f.id === 0x7e0 && f.data[0] === 0x30);
    assert.deepEqual(fc[0]?.data, [0x30, 0x00, 0x00, PAD, PAD, PAD, PAD, PAD]);
  });

  it("keeps the tester's block size (3) and STmin (5 ms) in a 99-byte response", () => {
    const firstFrame = bench.received.length;
    const response = bench.request([0x19, 0x0a], { blockSize: 3, stMin: 5 })!;
    assert.equal(response.length, 3 + 18 * 4);
    const cfs = bench.received.slice(firstFrame).filter((f) => f.id === 0x7e8 && f.data[0] >> 4 === 2);
    assert.equal(cfs.length, Math.ceil((response.length - 6) / 7));
    for (let i = 1; i < cfs.length; i++) {
      assert.ok(cfs[i].tick - cfs[i - 1].tick >= 5, `CF ${i} after ${cfs[i].tick - cfs[i - 1].tick} ms`);
    }
    const fcs = bench.sent.filter((f) => f.id === 0x7e0 && f.data[0] === 0x30);
    assert.equal(fcs.length, Math.ceil(cfs.length / 3), 'one flow control per block of 3');
  });

  it('receives a segmented request with its own flow control: BS 8, STmin 1 ms', () => {
    const request = [0x22];
    for (let i = 0; i < 50; i++) request.push(0xf1, 0x8c);
    const response = bench.request(request, { timeoutTicks: 2000 })!;
    assert.equal(response.length, 1 + 50 * 14);
    const serverFcs = bench.received.filter((f) => f.id === 0x7e8 && f.data[0] >> 4 === 3);
    const cfsSent = bench.sent.filter((f) => f.id === 0x7e0 && f.data[0] >> 4 === 2);
    assert.equal(cfsSent.length, Math.ceil((101 - 6) / 7));
    assert.equal(serverFcs.length, Math.ceil(cfsSent.length / 8), 'a new FC after every 8 CFs');
    for (const fc of serverFcs) assert.deepEqual(fc.data, [0x30, 0x08, 0x01, PAD, PAD, PAD, PAD, PAD]);
    for (let i = 1; i < cfsSent.length; i++) assert.ok(cfsSent[i].tick - cfsSent[i - 1].tick >= 1);
  });

  it('answers functional single frames on 0x7DF and suppresses NRCs 0x11, 0x12, 0x31, 0x7E, 0x7F', () => {
    assert.deepEqual(bench.functional([0x3e, 0x00]), [[0x7e, 0x00]]);
    assert.deepEqual(bench.functional([0x3e, 0x80]), []);
    assert.deepEqual(bench.functional([0xba]), [], '0x11');
    assert.deepEqual(bench.functional([0x3e, 0x05]), [], '0x12');
    assert.deepEqual(bench.functional([0x22, 0x12, 0x34]), [], '0x31');
    assert.deepEqual(bench.functional([0x10, 0x02]), [], '0x7E');
    assert.deepEqual(bench.functional([0x27, 0x01]), [], '0x7F');
    assert.deepEqual(bench.functional([0x3e, 0x00, 0x00]), [[0x7f, 0x3e, 0x13]], '0x13 is sent');
    assert.deepEqual(
      bench.functional([0x22, 0xf1, 0x90]),
      [[0x62, 0xf1, 0x90, ...VIN]],
      'multi-frame answer',
    );
    // A first frame on 0x7DF is not answered with flow control (functional requests are single frames).
    const before = bench.received.length;
    bench.sendFrame(0x7df, [0x10, 0x10, 0x22, 0xf1, 0x90, 0xf1, 0x8c, 0xf1]);
    bench.run(30);
    assert.deepEqual(
      bench.received.slice(before).filter((f) => f.id === 0x7e8),
      [],
    );
    evidence.push({
      category: 'bad-input',
      name: 'functional requests with suppressed NRCs and a functional first frame',
      count: 6,
      outcome: 'no response to any of them; the server answered the next functional request',
      hypervisorFailures: 0,
      lostMessages: 0,
    });
  });

  it('ignores malformed frames, aborts on a wrong sequence number or N_Cr, and keeps answering', () => {
    const malformed: number[][] = [
      [],
      [0x45, 0x3e, 0x00],
      [0x00, 0x3e, 0x00],
      [0x05, 0x3e, 0x00],
      [0x10, 0x20, 0x22, 0xf1],
      [0x21, 0x01, 0x02, 0x03],
      [0x30, 0x00, 0x00],
      [0x08, 0x3e, 0x00, 0, 0, 0, 0, 0],
      [0x10, 0x03, 0x22, 0xf1, 0x90, 0, 0, 0],
    ];
    let silent = 0;
    for (const frame of malformed) {
      if (bench.raw(frame, 20).length === 0) silent++;
    }
    assert.equal(silent, malformed.length, 'no response to any malformed frame');
    // Segmented request with a wrong sequence number: aborted, no response.
    assert.equal(bench.raw([0x10, 0x09, 0x22, 0xf1, 0x90, 0xf1, 0x8c, 0xf1], 20).length, 1, 'FC');
    assert.deepEqual(bench.raw([0x22, 0x95, PAD, PAD, PAD, PAD, PAD, PAD], 30), [], 'SN 2 instead of 1');
    // First frame, then silence: N_Cr (1000 ms) ends the reception.
    assert.equal(bench.raw([0x10, 0x09, 0x22, 0xf1, 0x90, 0xf1, 0x8c, 0xf1], 1200).length, 1, 'FC');
    assert.deepEqual(bench.raw([0x21, 0x95, PAD, PAD, PAD, PAD, PAD, PAD], 30), [], 'CF after N_Cr');
    assert.deepEqual(bench.request([0x3e, 0x00]), [0x7e, 0x00]);
    evidence.push({
      category: 'bad-input',
      name: 'malformed and truncated ISO-TP frames on 0x7E0',
      count: malformed.length + 4,
      outcome:
        'ignored or reception aborted as ISO 15765-2 says, no response; TesterPresent answered afterwards',
      hypervisorFailures: 0,
      lostMessages: 0,
    });
  });

  it('survives a flood of 3000 random frames on 0x7E0/0x7DF and then serves VIN and DTCs', () => {
    const next = random(0xb01d);
    for (let i = 0; i < 3000; i++) {
      const dlc = next() % 9;
      const data: number[] = [];
      for (let b = 0; b < dlc; b++) data.push(next() & 0xff);
      bench.sendFrame(next() & 1 ? 0x7e0 : 0x7df, data);
      if (i % 4 === 3) bench.run(1);
    }
    bench.run(2500);
    assert.deepEqual(bench.request([0x10, 0x01])?.slice(0, 2), [0x50, 0x01]);
    assert.deepEqual(bench.request([0x22, 0xf1, 0x90]), [0x62, 0xf1, 0x90, ...VIN]);
    assert.deepEqual(bench.request([0x14, 0xff, 0xff, 0xff]), [0x54]);
    assert.match(bench.console(), /diag: speed 88\.88 km\/h/);
    assert.doesNotMatch(bench.console(), /out of bounds/);
    evidence.push({
      category: 'fuzz',
      name: 'random CAN frames (DLC 0..8) on the request identifiers',
      count: 3000,
      outcome: 'no crash or bounds failure; the server answered session, VIN and clear requests afterwards',
      hypervisorFailures: 0,
      lostMessages: 0,
    });
  });
});
