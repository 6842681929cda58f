// Host ISO-TP (qemu/uds/isotp.ts) against the diagnostic guest's own ISO-TP code (guests/diag/isotp.ts)
// on an in-memory CAN bus: single frames padded with 0xAA; segmented messages both ways with the
// server's flow control (BS 8, STmin 1 ms) and with the host's (BS/STmin configured), checked frame by
// frame; unpadded frames both ways; and against a raw node: N_Bs and N_Cr timeouts, a wrong sequence
// number, Overflow, Wait frames (and their limit), an oversized first frame answered with Overflow, a
// functional request that does not fit one frame. Bad inputs are recorded as reliability evidence.
import assert from 'node:assert/strict';

import { MemoryCanBus, standardFrame, type CanLink } from '../../../qemu/uds/can-link.ts';
import { IsoTpChannel, IsoTpError, stMinToMs, type IsoTpOptions } from '../../../qemu/uds/isotp.ts';
import type { CanMessage } from '../../../qemu/slcan/can-frame.ts';
import { GuestIsoTpPeer } from './helpers/guest-isotp-peer.ts';

const REQUEST = 0x7e0;
const RESPONSE = 0x7e8;

function message(length: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + seed) & 0xff);
}

function host(bus: MemoryCanBus, options: Partial<IsoTpOptions> = {}): IsoTpChannel {
  return new IsoTpChannel(bus.attach(), { txId: REQUEST, rxId: RESPONSE, functionalId: 0x7df, ...options });
}

function framesOn(bus: MemoryCanBus, id: number): { frame: CanMessage; atMs: number }[] {
  return bus.log.filter((e) => e.frame.id === id);
}

function hexOf(frame: CanMessage): string {
  return Buffer.from(frame.data).toString('hex').toUpperCase();
}

/** A raw node: records frames for `id` and lets the test answer by hand. */
function rawNode(bus: MemoryCanBus): { link: CanLink; seen: CanMessage[] } {
  const link = bus.attach();
  const seen: CanMessage[] = [];
  link.subscribe((f) => seen.push(f));
  return { link, seen };
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('host ISO-TP against the guest ISO-TP (in-memory bus)', function () {
  this.timeout(10_000);
  let peer: GuestIsoTpPeer | undefined;
  afterEach(() => peer?.stop());

  it('sends and receives single frames padded with 0xAA', async () => {
    const bus = new MemoryCanBus();
    peer = new GuestIsoTpPeer(bus, { responder: () => [{ bytes: [0x50, 0x03, 0x00, 0x32, 0x01] }] });
    const tp = host(bus);
    await tp.send(Uint8Array.of(0x10, 0x03));
    assert.deepEqual([...(await tp.receive(1000))], [0x50, 0x03, 0x00, 0x32, 0x01]);
    assert.deepEqual(
      peer.requests.map((r) => [...r.bytes]),
      [[0x10, 0x03]],
    );
    assert.deepEqual(
      framesOn(bus, REQUEST).map((e) => hexOf(e.frame)),
      ['021003AAAAAAAAAA'],
    );
    assert.deepEqual(
      framesOn(bus, RESPONSE).map((e) => hexOf(e.frame)),
      ['055003003201AAAA'],
    );
    tp.close();
  });

  it('sends a 100-byte message paced by the guest flow control (BS 8, STmin 1 ms)', async () => {
    const bus = new MemoryCanBus();
    peer = new GuestIsoTpPeer(bus);
    const tp = host(bus);
    const payload = message(100);
    await tp.send(payload);
    await until(() => peer!.requests.length === 1);
    assert.deepEqual([...peer.requests[0].bytes], [...payload]);
    const sent = framesOn(bus, REQUEST);
    const fcs = framesOn(bus, RESPONSE);
    // FF + ceil(94 / 7) = 14 CFs; one FC after the FF and one after each full block of 8.
    assert.equal(sent.length, 15);
    assert.equal(hexOf(sent[0].frame).slice(0, 4), '1064');
    assert.deepEqual(
      fcs.map((e) => hexOf(e.frame)),
      ['300801AAAAAAAAAA', '300801AAAAAAAAAA'],
    );
    sent.slice(1).forEach((e, i) => assert.equal(e.frame.data[0], 0x20 | ((i + 1) & 0x0f), `CF ${i + 1} SN`));
    for (let i = 2; i < sent.length; i++) {
      assert.ok(sent[i].atMs - sent[i - 1].atMs >= 0.9, `STmin kept between CF ${i - 1} and ${i}`);
    }
    // The second block starts only after the second FC.
    assert.ok(sent[9].atMs >= fcs[1].atMs, 'CF 9 waits for the FC ending block 1');
    tp.close();
  });

  it('receives a 4095-byte message (BS 0, STmin 0) and one with the host flow control BS 4 / STmin 2 ms', async () => {
    const big = message(4095, 3);
    const bus = new MemoryCanBus();
    peer = new GuestIsoTpPeer(bus, { responder: () => [{ bytes: big }] });
    const tp = host(bus);
    await tp.send(Uint8Array.of(0x22, 0xf1, 0x90));
    assert.deepEqual(Buffer.from(await tp.receive(5000)), Buffer.from(big));
    assert.equal(framesOn(bus, REQUEST).length, 2, 'request SF and one FC (BS 0)');
    tp.close();
    peer.stop();

    const bus2 = new MemoryCanBus();
    const medium = message(200, 5);
    peer = new GuestIsoTpPeer(bus2, { responder: () => [{ bytes: medium }] });
    const tp2 = host(bus2, { blockSize: 4, stMin: 2 });
    await tp2.send(Uint8Array.of(0x19, 0x0a));
    assert.deepEqual(Buffer.from(await tp2.receive(5000)), Buffer.from(medium));
    const cfs = framesOn(bus2, RESPONSE).slice(1);
    const fcs = framesOn(bus2, REQUEST).slice(1);
    assert.equal(cfs.length, Math.ceil((200 - 6) / 7));
    assert.equal(
      fcs.length,
      Math.ceil(cfs.length / 4),
      'one FC per block of 4 (the last block needs none after it)',
    );
    assert.ok(fcs.every((e) => hexOf(e.frame) === '300402AAAAAAAAAA'));
    // The guest counts STmin in whole 1-ms ticks: a gap is at least one tick less than 2 ms, and on
    // average at least 2 ms.
    for (let i = 1; i < cfs.length; i++) {
      assert.ok(cfs[i].atMs - cfs[i - 1].atMs >= 0.9, `guest kept STmin between CF ${i} and ${i + 1}`);
    }
    const span = cfs.at(-1).atMs - cfs[0].atMs;
    assert.ok(span >= 2 * (cfs.length - 1) - 1, `${cfs.length} CFs over ${span.toFixed(1)} ms`);
    tp2.close();
  });

  it('works unpadded both ways', async () => {
    const bus = new MemoryCanBus();
    peer = new GuestIsoTpPeer(bus, {
      padding: false,
      responder: (r) => [{ bytes: [0x62, ...r.subarray(1), ...message(12)] }],
    });
    const tp = host(bus, { padding: null });
    await tp.send(message(20));
    const answer = await tp.receive(2000);
    assert.equal(answer.length, 1 + 19 + 12);
    const last = framesOn(bus, REQUEST).at(-1).frame;
    assert.ok(last.dlc < 8, `last CF unpadded (DLC ${last.dlc})`);
    assert.ok(
      framesOn(bus, RESPONSE).some((e) => e.frame.dlc < 8),
      'guest frames unpadded',
    );
    tp.close();
  });
});

describe('host ISO-TP against a raw node: timeouts and malformed flow', function () {
  this.timeout(10_000);

  it('N_Bs: no flow control after the first frame', async () => {
    const bus = new MemoryCanBus();
    const tp = host(bus, { nBsMs: 80 });
    await assert.rejects(
      tp.send(message(30)),
      (e: Error) =>
        e instanceof IsoTpError &&
        /no flow control from 0x7e8 within N_Bs 80 ms \(6 bytes sent\)/.test(e.message),
    );
    tp.close();
  });

  it('N_Cr: the consecutive frame never comes', async () => {
    const bus = new MemoryCanBus();
    const node = rawNode(bus);
    const tp = host(bus, { nCrMs: 60 });
    await node.link.send(standardFrame(RESPONSE, Uint8Array.of(0x10, 0x14, 1, 2, 3, 4, 5, 6)));
    await assert.rejects(tp.receive(1000), /no consecutive frame within N_Cr 60 ms \(6 of 20 bytes\)/);
    assert.equal(hexOf(node.seen[0]), '300000AAAAAAAAAA', 'host answered the FF with CTS BS 0 STmin 0');
    tp.close();
  });

  it('wrong sequence number aborts the reception; a single frame afterwards is delivered', async () => {
    const bus = new MemoryCanBus();
    const node = rawNode(bus);
    const tp = host(bus);
    await node.link.send(standardFrame(RESPONSE, Uint8Array.of(0x10, 0x14, 1, 2, 3, 4, 5, 6)));
    await node.link.send(standardFrame(RESPONSE, Uint8Array.of(0x22, 7, 8, 9, 10, 11, 12, 13)));
    await assert.rejects(tp.receive(1000), /consecutive frame 2 where 1 was due/);
    await node.link.send(standardFrame(RESPONSE, Uint8Array.of(0x02, 0x7e, 0x00)));
    assert.deepEqual([...(await tp.receive(1000))], [0x7e, 0x00], 'unpadded SF accepted');
    tp.close();
  });

  it('Overflow and reserved flow status abort; Wait frames are honoured up to the limit', async () => {
    const bus = new MemoryCanBus();
    const node = rawNode(bus);
    const tp = host(bus, { maxWaitFrames: 2 });
    const answerEachFf = (bytes: number[][]): void => {
      node.link.subscribe((f) => {
        if (f.id === REQUEST && f.data[0] >> 4 === 1) {
          for (const b of bytes) void node.link.send(standardFrame(RESPONSE, Uint8Array.from(b)));
        }
      });
    };
    answerEachFf([[0x32, 0, 0]]);
    await assert.rejects(tp.send(message(20)), /sending 20 bytes to 0x7e0: the receiver answered Overflow/);
    tp.close();

    const bus2 = new MemoryCanBus();
    const node2 = rawNode(bus2);
    const tp2 = host(bus2, { maxWaitFrames: 2 });
    let ffs = 0;
    node2.link.subscribe((f) => {
      if (f.id !== REQUEST || f.data[0] >> 4 !== 1) return;
      ffs++;
      const script =
        ffs === 1
          ? [
              [0x31, 0, 0],
              [0x31, 0, 0],
              [0x30, 0, 0],
            ]
          : ffs === 2
            ? [
                [0x31, 0, 0],
                [0x31, 0, 0],
                [0x31, 0, 0],
              ]
            : [[0x37, 0, 0]];
      for (const b of script) void node2.link.send(standardFrame(RESPONSE, Uint8Array.from(b)));
    });
    await tp2.send(message(20));
    assert.equal(
      node2.seen.filter((f) => f.data[0] >> 4 === 2).length,
      2,
      'two Wait then CTS: both CFs sent',
    );
    await assert.rejects(tp2.send(message(20)), /more than 2 Wait flow controls in a row/);
    await assert.rejects(tp2.send(message(20)), /flow control with reserved status 7/);
    tp2.close();
  });

  it('reads STmin as ISO 15765-2 encodes it: ms, 100..900 µs (rounded up to 1 ms), reserved as 127 ms', () => {
    assert.deepEqual(
      [0x00, 0x01, 0x7f, 0xf1, 0xf9, 0x80, 0xf0, 0xfa, 0xff].map(stMinToMs),
      [0, 1, 127, 1, 1, 127, 127, 127, 127],
    );
  });

  it('answers a first frame announcing more than 4095 bytes with Overflow, and refuses bad sends', async () => {
    const bus = new MemoryCanBus();
    const node = rawNode(bus);
    const tp = host(bus);
    await node.link.send(standardFrame(RESPONSE, Uint8Array.of(0x10, 0x00, 0x00, 0x00, 0x10, 0x00, 1, 2)));
    await assert.rejects(tp.receive(1000), /announces 4096 bytes: answered Overflow/);
    await until(() => node.seen.length > 0);
    assert.equal(hexOf(node.seen[0]), '320000AAAAAAAAAA');
    await assert.rejects(tp.send(new Uint8Array(0)), /length 0 is outside 1..4095/);
    await assert.rejects(tp.send(new Uint8Array(4096)), /length 4096 is outside 1..4095/);
    await assert.rejects(
      tp.send(message(8), { functional: true }),
      /functional request must fit a single frame/,
    );
    assert.throws(() => host(bus, { txId: 0x800 }), /txId 0x800 is not an 11-bit CAN identifier/);
    tp.close();
  });
});
