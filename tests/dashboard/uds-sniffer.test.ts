// Job: the passive UDS view of the bus: single- and multi-frame messages reassembled, requests paired
// with their final responses (response-pending answers skipped), unanswered requests reported after the
// timeout, broken consecutive-frame sequences dropped.
import { strict as assert } from 'node:assert';

import { DEMO_UDS_IDS, UdsSniffer, type UdsTransaction } from '../../dashboard/uds-sniffer.ts';
import type { CanMessage } from '../../qemu/slcan/can-frame.ts';

const frame = (id: number, bytes: number[]): CanMessage => ({
  id,
  extended: false,
  remote: false,
  dlc: bytes.length,
  data: Uint8Array.from(bytes),
});

describe('dashboard: UDS sniffer', () => {
  let seen: UdsTransaction[];
  let sniffer: UdsSniffer;
  beforeEach(() => {
    seen = [];
    sniffer = new UdsSniffer(DEMO_UDS_IDS, (t) => seen.push(t), 1000);
  });

  it('pairs a single-frame request with its single-frame response', () => {
    sniffer.frame(frame(0x7e0, [0x03, 0x22, 0xf1, 0x90, 0, 0, 0, 0]), 0);
    sniffer.frame(frame(0x100, [1, 2, 3, 4, 5, 6, 7, 8]), 1);
    assert.equal(seen.length, 0);
    sniffer.frame(frame(0x7e8, [0x03, 0x7f, 0x22, 0x31, 0xaa, 0xaa, 0xaa, 0xaa]), 2);
    assert.equal(seen.length, 1);
    assert.deepEqual([...seen[0].request], [0x22, 0xf1, 0x90]);
    assert.deepEqual([...(seen[0].response ?? [])], [0x7f, 0x22, 0x31]);
    assert.match(seen[0].text, /ReadDataByIdentifier .* negative: ReadDataByIdentifier 0x31/);
  });

  it('reassembles a multi-frame response and skips response-pending answers', () => {
    sniffer.frame(frame(0x7e0, [0x02, 0x31, 0x01, 0, 0, 0, 0, 0]), 0);
    sniffer.frame(frame(0x7e8, [0x03, 0x7f, 0x31, 0x78, 0, 0, 0, 0]), 10);
    assert.equal(seen.length, 0, 'response pending keeps the request open');
    sniffer.frame(frame(0x7e8, [0x10, 0x0a, 0x71, 0x01, 0xf0, 0x00, 1, 2]), 900);
    sniffer.frame(frame(0x7e0, [0x30, 0, 0, 0, 0, 0, 0, 0]), 901);
    sniffer.frame(frame(0x7e8, [0x21, 3, 4, 5, 6, 0xaa, 0xaa, 0xaa]), 1500);
    assert.equal(seen.length, 1);
    assert.deepEqual([...(seen[0].response ?? [])], [0x71, 0x01, 0xf0, 0x00, 1, 2, 3, 4, 5, 6]);
    assert.match(seen[0].text, /positive: RoutineControl/);
  });

  it('reports a request without an answer after the timeout, and drops a broken sequence', () => {
    sniffer.frame(frame(0x7df, [0x02, 0x3e, 0x80, 0, 0, 0, 0, 0]), 0);
    sniffer.expire(500);
    assert.equal(seen.length, 0);
    sniffer.expire(1001);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].response, null);
    assert.match(seen[0].text, /TesterPresent .* no response/);
    sniffer.frame(frame(0x7e0, [0x10, 0x09, 0x2e, 0x01, 0x01, 1, 2, 3]), 2000);
    sniffer.frame(frame(0x7e0, [0x22, 4, 5, 6, 0, 0, 0, 0]), 2001);
    sniffer.frame(frame(0x7e8, [0x03, 0x6e, 0x01, 0x01, 0, 0, 0, 0]), 2002);
    assert.equal(seen.length, 1, 'a consecutive frame out of sequence loses the request');
  });
});
