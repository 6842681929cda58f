// The diagnostic guest's UDS server in Node (tests/guests/diag/uds/harness/diag-bench.ts: the guest's own
// code on the real core, reached over SLCAN and the virtual CAN bus): DiagnosticSessionControl (0x10)
// with P2/P2* in the positive response, every NRC path, the S3 timeout back to the default session,
// TesterPresent (0x3E) with and without the suppress-positive-response bit.
import assert from 'node:assert/strict';
import { DiagBench } from './harness/diag-bench.ts';

describe('diag UDS server: sessions (0x10), TesterPresent (0x3E), S3', function () {
  this.timeout(20_000);
  let bench: DiagBench;
  beforeEach(() => {
    bench = new DiagBench();
    bench.run(20);
  });

  it('enters each session and reports P2 = 50 ms and P2* = 5000 ms (0x01F4 in 10 ms units)', () => {
    assert.deepEqual(bench.request([0x10, 0x03]), [0x50, 0x03, 0x00, 0x32, 0x01, 0xf4]);
    assert.deepEqual(bench.request([0x10, 0x02]), [0x50, 0x02, 0x00, 0x32, 0x01, 0xf4]);
    assert.deepEqual(bench.request([0x10, 0x01]), [0x50, 0x01, 0x00, 0x32, 0x01, 0xf4]);
  });

  it('gives the NRCs of 0x10 in ISO 14229-1 order: 0x13, 0x12, 0x7E, exact length 0x13', () => {
    assert.deepEqual(bench.request([0x10]), [0x7f, 0x10, 0x13], 'no sub-function');
    assert.deepEqual(bench.request([0x10, 0x04]), [0x7f, 0x10, 0x12], 'unknown session');
    assert.deepEqual(
      bench.request([0x10, 0x05, 0x00]),
      [0x7f, 0x10, 0x12],
      'sub-function before exact length',
    );
    assert.deepEqual(bench.request([0x10, 0x02]), [0x7f, 0x10, 0x7e], 'programming from default');
    assert.deepEqual(bench.request([0x10, 0x03, 0x00]), [0x7f, 0x10, 0x13], 'too long');
  });

  it('honours SPRB on 0x10 (no response, session changed) and answers unknown services with 0x11', () => {
    bench.request([0x10, 0x83], { timeoutTicks: 40 });
    assert.equal(bench.responses.length, 0, 'suppressed');
    // Only the extended session allows 0x85: proves the session changed.
    assert.deepEqual(bench.request([0x85, 0x01]), [0xc5, 0x01]);
    assert.deepEqual(bench.request([0x23, 0x00]), [0x7f, 0x23, 0x11]);
    assert.deepEqual(bench.request([0xba]), [0x7f, 0xba, 0x11]);
  });

  it('answers TesterPresent 00, suppresses 80, rejects other sub-functions and lengths', () => {
    assert.deepEqual(bench.request([0x3e, 0x00]), [0x7e, 0x00]);
    const before = bench.responses.length;
    bench.request([0x3e, 0x80], { timeoutTicks: 40 });
    assert.equal(bench.responses.length, before, '3E 80 gets no response');
    assert.deepEqual(bench.request([0x3e, 0x01]), [0x7f, 0x3e, 0x12]);
    assert.deepEqual(bench.request([0x3e]), [0x7f, 0x3e, 0x13]);
    assert.deepEqual(bench.request([0x3e, 0x00, 0x00]), [0x7f, 0x3e, 0x13]);
  });

  it('returns to the default session after S3 (5000 ms) without requests, not before', () => {
    assert.deepEqual(bench.request([0x10, 0x03]), [0x50, 0x03, 0x00, 0x32, 0x01, 0xf4]);
    bench.run(4800);
    // Still extended: 0x85 allowed; this request restarts S3.
    assert.deepEqual(bench.request([0x85, 0x01]), [0xc5, 0x01]);
    bench.run(4800);
    assert.deepEqual(bench.request([0x3e, 0x00]), [0x7e, 0x00], 'TesterPresent keeps the session');
    bench.run(5300);
    assert.deepEqual(bench.request([0x85, 0x01]), [0x7f, 0x85, 0x7f], 'default session again');
  });
});
