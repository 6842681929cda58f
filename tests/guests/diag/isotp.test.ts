// ISO-TP transport (guests/diag/isotp.ts) in Node: every frame type with exact bytes, round trips of
// up to 4095 bytes between two instances with and without block size / STmin (timing checked in tick
// time), Wait and Overflow flow control, N_Bs and N_Cr timeouts, wrong sequence numbers, every
// malformed-frame case, padding off, and a fuzz loop after which the instance still works.
import assert from 'node:assert/strict';
import {
  IsoTp,
  ISOTP_EVENT_NONE,
  ISOTP_EVENT_RX_COMPLETE,
  ISOTP_EVENT_RX_INTERRUPTED,
  ISOTP_EVENT_RX_TIMEOUT,
  ISOTP_EVENT_RX_TOO_LONG,
  ISOTP_EVENT_RX_WRONG_SEQUENCE,
  ISOTP_EVENT_TX_COMPLETE,
  ISOTP_EVENT_TX_INVALID_FLOW_STATUS,
  ISOTP_EVENT_TX_OVERFLOW,
  ISOTP_EVENT_TX_TIMEOUT,
  ISOTP_EVENT_TX_WAIT_LIMIT,
} from '../../../guests/diag/isotp.ts';

const PAD = 0xaa;

/** All pending events of an instance. */
function drainEvents(tp: IsoTp): number[] {
  const events: number[] = [];
  for (let e = tp.nextEvent(); e !== ISOTP_EVENT_NONE; e = tp.nextEvent()) events.push(e);
  return events;
}

/** Every frame the instance produces at tick `now` (poll until 0). */
function pollAll(tp: IsoTp, now: number): number[][] {
  const frames: number[][] = [];
  for (;;) {
    const out = new Uint8Array(8).fill(0x11);
    const dlc = tp.poll(now, out);
    if (dlc === 0) return frames;
    frames.push(Array.from(out.subarray(0, dlc)));
    assert.ok(frames.length < 10000, 'poll never stops producing frames');
  }
}

/** Delivers one frame (bytes as given; DLC = their count unless stated). */
function deliver(tp: IsoTp, bytes: number[], now = 0, dlc = bytes.length): void {
  const data = new Uint8Array(8);
  data.set(bytes.slice(0, 8));
  tp.receiveFrame(data, dlc, now);
}

function received(tp: IsoTp): number[] {
  return Array.from(tp.rxBuffer.subarray(0, tp.rxMessageLength));
}

function message(length: number, seed = 1): Uint8Array {
  const data = new Uint8Array(length);
  for (let i = 0; i < length; i++) data[i] = (i * 7 + seed * 13 + (i >> 8)) & 0xff;
  return data;
}

interface TimedFrame {
  tick: number;
  from: 'a' | 'b';
  bytes: number[];
}

/** Runs two instances against each other, one tick at a time, until both are quiet; returns every
 *  frame with its tick and sender. */
function runLink(a: IsoTp, b: IsoTp, maxTicks: number): TimedFrame[] {
  const log: TimedFrame[] = [];
  for (let tick = 0; tick < maxTicks; tick++) {
    let moved = true;
    while (moved) {
      moved = false;
      for (const bytes of pollAll(a, tick)) {
        log.push({ tick, from: 'a', bytes });
        deliver(b, bytes, tick);
        moved = true;
      }
      for (const bytes of pollAll(b, tick)) {
        log.push({ tick, from: 'b', bytes });
        deliver(a, bytes, tick);
        moved = true;
      }
    }
    if (!a.sending() && !b.sending() && a.rxState === 0 && b.rxState === 0) return log;
  }
  return log;
}

describe('ISO-TP: single frames', () => {
  it('sends a single frame, padded with 0xAA by default', () => {
    const tp = new IsoTp();
    assert.equal(tp.send(new Uint8Array([0x22, 0xf1, 0x90]), 3), true);
    assert.deepEqual(pollAll(tp, 0), [[0x03, 0x22, 0xf1, 0x90, PAD, PAD, PAD, PAD]]);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_TX_COMPLETE]);
    assert.equal(tp.sending(), false);
  });

  it('sends 7 bytes as a single frame and 8 as a first frame', () => {
    const tp = new IsoTp();
    tp.send(message(7), 7);
    const [sf] = pollAll(tp, 0);
    assert.deepEqual(sf, [0x07, ...message(7)]);
    tp.send(message(8), 8);
    const frames = pollAll(tp, 0);
    assert.deepEqual(frames, [[0x10, 0x08, ...message(8).subarray(0, 6)]]);
  });

  it('receives a single frame, also with a short DLC', () => {
    const tp = new IsoTp();
    deliver(tp, [0x02, 0x3e, 0x00, PAD, PAD, PAD, PAD, PAD]);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_RX_COMPLETE]);
    assert.deepEqual(received(tp), [0x3e, 0x00]);
    deliver(tp, [0x03, 0x22, 0xf1, 0x90]);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_RX_COMPLETE]);
    assert.deepEqual(received(tp), [0x22, 0xf1, 0x90]);
  });

  it('without padding, frames are as short as their content', () => {
    const tp = new IsoTp();
    tp.configurePadding(false, 0);
    tp.send(new Uint8Array([0x3e, 0x00]), 2);
    assert.deepEqual(pollAll(tp, 0), [[0x02, 0x3e, 0x00]]);
    deliver(tp, [0x10, 0x09, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(pollAll(tp, 0), [[0x30, 0x00, 0x00]], 'flow control of 3 bytes');
    deliver(tp, [0x21, 7, 8, 9]);
    assert.deepEqual(received(tp), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('uses the configured padding byte', () => {
    const tp = new IsoTp();
    tp.configurePadding(true, 0x55);
    tp.send(new Uint8Array([0x3e]), 1);
    assert.deepEqual(pollAll(tp, 0), [[0x01, 0x3e, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55]]);
  });

  it('refuses to send an empty, too long or concurrent message', () => {
    const tp = new IsoTp();
    assert.equal(tp.send(new Uint8Array(1), 0), false);
    assert.equal(tp.send(new Uint8Array(4096), 4096), false);
    assert.equal(tp.send(new Uint8Array(4), 5), false, 'length beyond the data');
    assert.equal(tp.send(new Uint8Array(20), 20), true);
    assert.equal(tp.send(new Uint8Array(2), 2), false, 'busy');
    assert.equal(tp.send(new Uint8Array(4095), 4095), false, 'busy');
  });
});

describe('ISO-TP: segmented messages', () => {
  it('VIN-sized 20-byte response: FF + 2 CFs with exact bytes, after the tester FC', () => {
    const ecu = new IsoTp();
    const vin = Array.from(Buffer.from('WVWZZZ1JZXW000001', 'latin1'));
    const response = new Uint8Array([0x62, 0xf1, 0x90, ...vin]);
    assert.equal(response.length, 20);
    ecu.send(response, 20);
    assert.deepEqual(pollAll(ecu, 0), [[0x10, 0x14, 0x62, 0xf1, 0x90, ...vin.slice(0, 3)]]);
    assert.deepEqual(pollAll(ecu, 1), [], 'waits for flow control');
    deliver(ecu, [0x30, 0x00, 0x00, PAD, PAD, PAD, PAD, PAD], 2);
    assert.deepEqual(pollAll(ecu, 2), [
      [0x21, ...vin.slice(3, 10)],
      [0x22, ...vin.slice(10, 17)],
    ]);
    assert.deepEqual(drainEvents(ecu), [ISOTP_EVENT_TX_COMPLETE]);
  });

  it('receives a 20-byte message, answering the FF with FC(CTS, BS, STmin) as configured', () => {
    const tp = new IsoTp();
    tp.configureReceiver(0, 0x0a);
    const msg = message(20);
    deliver(tp, [0x10, 0x14, ...msg.subarray(0, 6)], 0);
    assert.deepEqual(pollAll(tp, 0), [[0x30, 0x00, 0x0a, PAD, PAD, PAD, PAD, PAD]]);
    deliver(tp, [0x21, ...msg.subarray(6, 13)], 1);
    assert.deepEqual(drainEvents(tp), []);
    deliver(tp, [0x22, ...msg.subarray(13, 20)], 2);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_RX_COMPLETE]);
    assert.deepEqual(received(tp), Array.from(msg));
  });

  it('as receiver with BS=2 sends a new FC after every 2 CFs', () => {
    const tp = new IsoTp();
    tp.configureReceiver(2, 0);
    const msg = message(40);
    deliver(tp, [0x10, 40, ...msg.subarray(0, 6)]);
    assert.deepEqual(pollAll(tp, 0), [[0x30, 0x02, 0x00, PAD, PAD, PAD, PAD, PAD]]);
    let offset = 6;
    for (let sn = 1; offset < 40; sn++) {
      deliver(tp, [0x20 | sn, ...msg.subarray(offset, offset + 7)]);
      offset += 7;
      const frames = pollAll(tp, 0);
      if (sn % 2 === 0 && offset < 40)
        assert.deepEqual(frames, [[0x30, 0x02, 0x00, PAD, PAD, PAD, PAD, PAD]], `FC after CF ${sn}`);
      else assert.deepEqual(frames, [], `no FC after CF ${sn}`);
    }
    assert.deepEqual(received(tp), Array.from(msg));
  });

  it('4095-byte round trip with BS=0, STmin=0, sequence numbers wrapping 15 → 0', () => {
    const a = new IsoTp();
    const b = new IsoTp();
    const msg = message(4095, 3);
    assert.equal(a.send(msg, 4095), true);
    const log = runLink(a, b, 100);
    assert.deepEqual(drainEvents(a), [ISOTP_EVENT_TX_COMPLETE]);
    assert.deepEqual(drainEvents(b), [ISOTP_EVENT_RX_COMPLETE]);
    assert.equal(b.rxMessageLength, 4095);
    assert.deepEqual(Buffer.from(received(b)), Buffer.from(msg));
    const cfs = log.filter((f) => f.from === 'a' && f.bytes[0] >> 4 === 2);
    assert.equal(cfs.length, Math.ceil((4095 - 6) / 7));
    cfs.forEach((f, i) => assert.equal(f.bytes[0] & 0x0f, (i + 1) & 0x0f, `CF ${i} sequence number`));
    assert.deepEqual(log.filter((f) => f.from === 'b').length, 1, 'one FC only');
    assert.deepEqual(log[0].bytes.slice(0, 2), [0x1f, 0xff], 'FF length 4095');
    assert.ok(log.every((f) => f.bytes.length === 8));
  });

  it('4095-byte round trip with BS=3, STmin=5 ms: STmin between CFs, FC after every 3 CFs', () => {
    const a = new IsoTp();
    const b = new IsoTp();
    b.configureReceiver(3, 5);
    const msg = message(4095, 9);
    a.send(msg, 4095);
    const log = runLink(a, b, 10_000);
    assert.deepEqual(drainEvents(a), [ISOTP_EVENT_TX_COMPLETE]);
    assert.deepEqual(drainEvents(b), [ISOTP_EVENT_RX_COMPLETE]);
    assert.deepEqual(Buffer.from(received(b)), Buffer.from(msg));
    const cfs = log.filter((f) => f.from === 'a' && f.bytes[0] >> 4 === 2);
    assert.equal(cfs.length, 585);
    for (let i = 1; i < cfs.length; i++) {
      assert.ok(
        cfs[i].tick - cfs[i - 1].tick >= 5,
        `CF ${i} sent ${cfs[i].tick - cfs[i - 1].tick} ticks after the previous`,
      );
    }
    // Between two FCs from b, a sends exactly 3 CFs (the last block may be shorter), and a CF never
    // comes before the FC that allows it.
    let sinceFc = -1;
    for (const f of log.slice(1)) {
      if (f.from === 'b') {
        assert.deepEqual(f.bytes, [0x30, 0x03, 0x05, PAD, PAD, PAD, PAD, PAD]);
        assert.ok(sinceFc === -1 || sinceFc === 3, `FC after ${sinceFc} CFs`);
        sinceFc = 0;
      } else {
        assert.ok(sinceFc >= 0 && sinceFc < 3, 'CF sent without a flow control allowing it');
        sinceFc++;
      }
    }
    assert.equal(log.filter((f) => f.from === 'b').length, Math.ceil(585 / 3));
    const lastTick = log[log.length - 1].tick;
    assert.ok(lastTick >= 584 * 5, `transfer took ${lastTick} ticks`);
  });

  it('STmin 0xF1..0xF9 (100..900 µs) and reserved values in ticks', () => {
    const tp = new IsoTp();
    tp.configureTiming(10, 1000, 1000); // 100 µs ticks
    assert.equal(tp.stMinTicks(0x00), 0);
    assert.equal(tp.stMinTicks(0x05), 50);
    assert.equal(tp.stMinTicks(0x7f), 1270);
    assert.equal(tp.stMinTicks(0xf1), 1);
    assert.equal(tp.stMinTicks(0xf9), 9);
    assert.equal(tp.stMinTicks(0x80), 1270, 'reserved → 127 ms');
    assert.equal(tp.stMinTicks(0xfa), 1270, 'reserved → 127 ms');
    tp.configureTiming(1, 1000, 1000);
    assert.equal(tp.stMinTicks(0xf3), 1, '300 µs rounds up to one 1-ms tick');
  });

  it('honours a 300 µs STmin with 100 µs ticks', () => {
    const tp = new IsoTp();
    tp.configureTiming(10, 1000, 1000);
    tp.send(message(30), 30);
    pollAll(tp, 0);
    deliver(tp, [0x30, 0x00, 0xf3], 0);
    assert.equal(pollAll(tp, 0).length, 1);
    assert.equal(pollAll(tp, 2).length, 0);
    assert.equal(pollAll(tp, 3).length, 1);
    assert.equal(pollAll(tp, 5).length, 0);
    assert.equal(pollAll(tp, 6).length, 1);
  });
});

describe('ISO-TP: flow control as sender', () => {
  function startSegmented(tp: IsoTp, length = 30): void {
    tp.send(message(length), length);
    assert.equal(pollAll(tp, 0).length, 1, 'first frame');
  }

  it('Wait frames hold the sender and restart N_Bs; then CTS resumes', () => {
    const tp = new IsoTp();
    startSegmented(tp);
    for (let t = 500; t <= 2500; t += 500) {
      deliver(tp, [0x31, 0x00, 0x00], t);
      assert.deepEqual(pollAll(tp, t + 499), [], `still waiting at ${t + 499}`);
    }
    deliver(tp, [0x30, 0x00, 0x00], 3000);
    assert.equal(pollAll(tp, 3000).length, 4);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_TX_COMPLETE]);
  });

  it('more Wait frames than maxWaitFrames abort', () => {
    const tp = new IsoTp();
    tp.maxWaitFrames = 2;
    startSegmented(tp);
    deliver(tp, [0x31, 0, 0], 1);
    deliver(tp, [0x31, 0, 0], 2);
    assert.deepEqual(drainEvents(tp), []);
    deliver(tp, [0x31, 0, 0], 3);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_TX_WAIT_LIMIT]);
    assert.equal(tp.sending(), false);
  });

  it('Overflow aborts the transmission', () => {
    const tp = new IsoTp();
    startSegmented(tp);
    deliver(tp, [0x32, 0x00, 0x00, PAD, PAD, PAD, PAD, PAD], 1);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_TX_OVERFLOW]);
    assert.equal(tp.sending(), false);
    assert.deepEqual(pollAll(tp, 2), []);
    assert.equal(tp.send(message(3), 3), true, 'ready for the next message');
  });

  it('a reserved flow status aborts the transmission', () => {
    const tp = new IsoTp();
    startSegmented(tp);
    deliver(tp, [0x35, 0x00, 0x00], 1);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_TX_INVALID_FLOW_STATUS]);
    assert.equal(tp.sending(), false);
  });

  it('N_Bs: no flow control within 1000 ms aborts', () => {
    const tp = new IsoTp();
    startSegmented(tp);
    assert.deepEqual(pollAll(tp, 999), []);
    assert.deepEqual(drainEvents(tp), []);
    assert.deepEqual(pollAll(tp, 1000), []);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_TX_TIMEOUT]);
    deliver(tp, [0x30, 0, 0], 1001);
    assert.deepEqual(pollAll(tp, 1001), [], 'a late FC is ignored');
  });

  it('N_Bs also runs while waiting for the FC after a block', () => {
    const tp = new IsoTp();
    startSegmented(tp, 40);
    deliver(tp, [0x30, 0x02, 0x00], 10);
    assert.equal(pollAll(tp, 10).length, 2);
    assert.deepEqual(pollAll(tp, 1009), []);
    assert.deepEqual(drainEvents(tp), []);
    pollAll(tp, 1010);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_TX_TIMEOUT]);
  });

  it('ignores flow control that is unexpected or too short', () => {
    const tp = new IsoTp();
    deliver(tp, [0x30, 0, 0]);
    assert.deepEqual(pollAll(tp, 0), [], 'no transmission in progress');
    startSegmented(tp);
    deliver(tp, [0x30, 0x00], 1, 2);
    assert.deepEqual(pollAll(tp, 1), [], 'FC of 2 bytes ignored');
    deliver(tp, [0x30, 0x00, 0x00], 1);
    assert.equal(pollAll(tp, 1).length, 4);
  });
});

describe('ISO-TP: reception errors and malformed frames', () => {
  function startReception(tp: IsoTp, length = 30): Uint8Array {
    const msg = message(length);
    deliver(tp, [0x10, length, ...msg.subarray(0, 6)], 0);
    assert.equal(pollAll(tp, 0).length, 1, 'flow control');
    return msg;
  }

  it('a wrong sequence number aborts the reception', () => {
    const tp = new IsoTp();
    const msg = startReception(tp);
    deliver(tp, [0x21, ...msg.subarray(6, 13)]);
    deliver(tp, [0x23, ...msg.subarray(13, 20)]);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_RX_WRONG_SEQUENCE]);
    deliver(tp, [0x22, ...msg.subarray(13, 20)]);
    assert.deepEqual(drainEvents(tp), [], 'later CFs are ignored');
    assert.equal(tp.rxMessageLength, 0);
  });

  it('N_Cr: no consecutive frame within 1000 ms aborts', () => {
    const tp = new IsoTp();
    const msg = startReception(tp);
    deliver(tp, [0x21, ...msg.subarray(6, 13)], 500);
    pollAll(tp, 1499);
    assert.deepEqual(drainEvents(tp), []);
    pollAll(tp, 1500);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_RX_TIMEOUT]);
    deliver(tp, [0x22, ...msg.subarray(13, 20)], 1501);
    assert.deepEqual(drainEvents(tp), []);
  });

  it('a single frame during reception interrupts it and is delivered', () => {
    const tp = new IsoTp();
    startReception(tp);
    deliver(tp, [0x02, 0x3e, 0x00]);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_RX_INTERRUPTED, ISOTP_EVENT_RX_COMPLETE]);
    assert.deepEqual(received(tp), [0x3e, 0x00]);
    deliver(tp, [0x21, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(drainEvents(tp), [], 'old CFs ignored');
  });

  it('a first frame during reception restarts it with the new message', () => {
    const tp = new IsoTp();
    startReception(tp);
    const second = message(10, 5);
    deliver(tp, [0x10, 10, ...second.subarray(0, 6)], 3);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_RX_INTERRUPTED]);
    assert.deepEqual(pollAll(tp, 3), [[0x30, 0, 0, PAD, PAD, PAD, PAD, PAD]]);
    deliver(tp, [0x21, ...second.subarray(6, 10)], 4);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_RX_COMPLETE]);
    assert.deepEqual(received(tp), Array.from(second));
  });

  it('ignores single frames with length 0 or above 7, or longer than the DLC', () => {
    const tp = new IsoTp();
    deliver(tp, [0x00, 1, 2, 3, 4, 5, 6, 7]);
    deliver(tp, [0x08, 1, 2, 3, 4, 5, 6, 7]);
    deliver(tp, [0x0f, 1, 2, 3, 4, 5, 6, 7]);
    deliver(tp, [0x05, 1, 2, 3], 0, 4);
    deliver(tp, [], 0, 0);
    assert.deepEqual(drainEvents(tp), []);
    assert.deepEqual(pollAll(tp, 0), []);
  });

  it('ignores first frames with length below 8 or shorter than 8 bytes', () => {
    const tp = new IsoTp();
    for (let length = 0; length < 8; length++) {
      if (length === 0) continue; // escape sequence: below
      deliver(tp, [0x10, length, 1, 2, 3, 4, 5, 6]);
    }
    deliver(tp, [0x10, 0x14, 1, 2, 3, 4, 5], 0, 7);
    assert.deepEqual(drainEvents(tp), []);
    assert.deepEqual(pollAll(tp, 0), [], 'no flow control');
    assert.equal(tp.rxState, 0);
  });

  it('escape-sequence first frames: above 4095 bytes → FC Overflow; 4095 or less ignored', () => {
    const tp = new IsoTp();
    deliver(tp, [0x10, 0x00, 0x00, 0x00, 0x0f, 0xff, 1, 2]);
    assert.deepEqual(pollAll(tp, 0), []);
    deliver(tp, [0x10, 0x00, 0x00, 0x00, 0x10, 0x00, 1, 2]);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_RX_TOO_LONG]);
    assert.deepEqual(pollAll(tp, 0), [[0x32, 0x00, 0x00, PAD, PAD, PAD, PAD, PAD]]);
    assert.equal(tp.rxState, 0);
  });

  it('ignores consecutive frames outside a reception or shorter than the data they must carry', () => {
    const tp = new IsoTp();
    deliver(tp, [0x21, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(drainEvents(tp), []);
    const msg = startReception(tp, 10); // 4 bytes left after the FF
    deliver(tp, [0x21, ...msg.subarray(6, 9)], 0, 4);
    assert.deepEqual(drainEvents(tp), [], 'CF with 3 of the 4 bytes ignored');
    deliver(tp, [0x21, ...msg.subarray(6, 10)], 0, 5);
    assert.deepEqual(drainEvents(tp), [ISOTP_EVENT_RX_COMPLETE]);
    assert.deepEqual(received(tp), Array.from(msg));
  });

  it('ignores unexpected PCI types 4..15 and DLCs beyond 8', () => {
    const tp = new IsoTp();
    for (let type = 4; type < 16; type++) deliver(tp, [type << 4, 1, 2, 3, 4, 5, 6, 7]);
    const big = new Uint8Array(16);
    big[0] = 0x02;
    tp.receiveFrame(big, 9, 0);
    tp.receiveFrame(new Uint8Array(2), 8, 0);
    assert.deepEqual(drainEvents(tp), []);
    assert.deepEqual(pollAll(tp, 0), []);
  });

  it('poll refuses an output buffer shorter than 8 bytes', () => {
    const tp = new IsoTp();
    tp.send(message(3), 3);
    assert.equal(tp.poll(0, new Uint8Array(7)), 0);
    assert.equal(tp.poll(0, new Uint8Array(8)), 8);
  });
});

describe('ISO-TP: fuzz', () => {
  it('random frames never throw, and the instance still receives a valid message afterwards', () => {
    let seed = 0x1234567;
    const random = (n: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const tp = new IsoTp();
    tp.configureReceiver(2, 1);
    const out = new Uint8Array(8);
    let tick = 0;
    for (let i = 0; i < 50_000; i++) {
      const data = new Uint8Array(8);
      for (let j = 0; j < 8; j++) data[j] = random(256);
      // Bias towards valid PCI types so that deep states are reached.
      if (random(2) === 0) data[0] = (random(4) << 4) | (data[0] & 0x0f);
      tp.receiveFrame(data, random(10), tick);
      if (random(50) === 0) tp.send(message(1 + random(200)), 1 + random(200));
      tick += random(30);
      while (tp.poll(tick, out) !== 0) {
        /* discard */
      }
      drainEvents(tp);
    }
    // The peer may be mid-transfer: let any transmission time out, then check both directions work.
    tick += 5000;
    pollAll(tp, tick);
    drainEvents(tp);
    const peer = new IsoTp();
    const msg = message(300, 4);
    peer.send(msg, 300);
    const reply = message(100, 8);
    tp.send(reply, 100);
    const tpEvents: number[] = [];
    const peerEvents: number[] = [];
    for (let t = tick; t < tick + 2000; t++) {
      for (const f of pollAll(peer, t)) deliver(tp, f, t);
      for (const f of pollAll(tp, t)) deliver(peer, f, t);
      tpEvents.push(...drainEvents(tp));
      peerEvents.push(...drainEvents(peer));
    }
    assert.deepEqual([...tpEvents].sort(), [ISOTP_EVENT_RX_COMPLETE, ISOTP_EVENT_TX_COMPLETE]);
    assert.deepEqual([...peerEvents].sort(), [ISOTP_EVENT_RX_COMPLETE, ISOTP_EVENT_TX_COMPLETE]);
    assert.deepEqual(Buffer.from(received(tp)), Buffer.from(msg));
    assert.deepEqual(Buffer.from(received(peer)), Buffer.from(reply));
  });
});
