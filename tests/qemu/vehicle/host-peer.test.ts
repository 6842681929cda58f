// HIL host peer (qemu/vehicle/host-peer.ts): one model step per actuator frame and one sensor reply
// echoing its sequence; a dropout steps the model but sends nothing for exactly N periods; an
// implausible value replaces the reported speed at one step only; malformed input is counted, flagged
// in the next reply and never stops the peer; over a real TCP socket (as QEMU's UART2 server) it
// serves the same protocol.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';

import { HilPeer, connectHilPeer } from '../../../qemu/vehicle/host-peer.ts';
import { VehicleModel } from '../../../qemu/vehicle/model.ts';
import {
  FrameDecoder,
  FrameType,
  SENSOR_FLAG_ACTUATOR_CLAMPED,
  SENSOR_FLAG_HOST_RX_ERROR,
  SENSOR_FLAG_VALID,
  encodeActuator,
  type SensorReading,
} from '../../../qemu/vehicle/protocol.ts';

function peerWithReplies(options: ConstructorParameters<typeof HilPeer>[0]) {
  const decoder = new FrameDecoder();
  const replies: SensorReading[] = [];
  const peer = new HilPeer(options, (bytes) => {
    for (const f of decoder.push(bytes)) if (f.type === FrameType.Sensor) replies.push(f.sensor);
  });
  return { peer, replies };
}

describe('HIL host peer', () => {
  it('steps the model once per actuator frame and answers with the same sequence and the new speed', () => {
    const { peer, replies } = peerWithReplies({});
    const reference = new VehicleModel();
    for (let i = 0; i < 50; i++) {
      peer.receive(encodeActuator({ sequence: 1000 + i, throttle: 10000, brake: 0 }));
      reference.step(1, 0, 0.01);
    }
    assert.equal(replies.length, 50);
    assert.deepEqual(
      replies.map((r) => r.sequence),
      Array.from({ length: 50 }, (_, i) => 1000 + i),
    );
    assert.equal(peer.trace.length, 50);
    assert.equal(peer.model.speedMs, reference.speedMs);
    assert.equal(replies[49].speedCounts, Math.round(reference.speedKmh * 100));
    assert.ok(replies.every((r) => r.flags === SENSOR_FLAG_VALID));
  });

  it('a dropout keeps stepping the model but sends nothing for exactly N periods', () => {
    const { peer, replies } = peerWithReplies({ dropouts: [{ atStep: 10, periods: 5 }] });
    for (let i = 0; i < 30; i++) peer.receive(encodeActuator({ sequence: i, throttle: 5000, brake: 0 }));
    assert.equal(peer.trace.length, 30);
    assert.equal(replies.length, 25);
    assert.deepEqual(
      peer.trace.filter((s) => s.reportedCounts === null).map((s) => s.step),
      [10, 11, 12, 13, 14],
    );
    assert.ok(!replies.some((r) => r.sequence >= 10 && r.sequence < 15));
    assert.ok(peer.trace[14].speedKmh > peer.trace[9].speedKmh, 'the car kept moving during the dropout');
  });

  it('an implausible value replaces the reported speed at its step only', () => {
    const { peer, replies } = peerWithReplies({
      initialSpeedKmh: 50,
      implausible: [{ atStep: 3, speedKmh: 250 }],
    });
    for (let i = 0; i < 6; i++) peer.receive(encodeActuator({ sequence: i, throttle: 0, brake: 0 }));
    assert.equal(replies[3].speedCounts, 25000);
    assert.ok(Math.abs(replies[2].speedCounts - 5000) < 10 && Math.abs(replies[4].speedCounts - 5000) < 10);
    assert.ok(peer.trace[3].speedKmh < 51, 'the model itself is unaffected');
  });

  it('counts malformed input, flags it in the next reply, clamps over-range actuators, and goes on', () => {
    const { peer, replies } = peerWithReplies({});
    const bad = encodeActuator({ sequence: 1, throttle: 1, brake: 0 });
    bad[5] ^= 0x01;
    peer.receive(new Uint8Array([1, 2, 3]));
    peer.receive(bad);
    peer.receive(encodeActuator({ sequence: 2, throttle: 20000, brake: 0 }));
    peer.receive(encodeActuator({ sequence: 3, throttle: 0, brake: 0 }));
    assert.equal(peer.decoder.errors.badChecksum, 1);
    assert.ok(peer.rxErrors() >= 4);
    assert.deepEqual(
      replies.map((r) => r.sequence),
      [2, 3],
    );
    assert.equal(
      replies[0].flags,
      SENSOR_FLAG_VALID | SENSOR_FLAG_HOST_RX_ERROR | SENSOR_FLAG_ACTUATOR_CLAMPED,
    );
    assert.equal(replies[1].flags, SENSOR_FLAG_VALID);
    assert.equal(peer.trace[0].throttle, 1);
  });

  it('rejects bad injections by name', () => {
    assert.throws(() => new HilPeer({ dropouts: [{ atStep: -1, periods: 2 }] }, () => {}), /dropouts\[0\]/);
    assert.throws(
      () => new HilPeer({ implausible: [{ atStep: 1, speedKmh: Number.NaN }] }, () => {}),
      /implausible\[0\]/,
    );
    assert.throws(() => new HilPeer({ initialSpeedKmh: -3 }, () => {}), /initialSpeedKmh = -3/);
  });

  describe("over TCP (as on QEMU's UART2 server socket)", () => {
    let server: Server;
    let port: number;
    let guestSide: Promise<Socket>;

    before(async () => {
      let accept!: (s: Socket) => void;
      guestSide = new Promise((r) => (accept = r));
      server = createServer((socket) => accept(socket));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      port = (server.address() as { port: number }).port;
    });
    after(() => server.close());

    it('serves actuator frames arriving in arbitrary pieces and replies in lock-step', async () => {
      const connected = await connectHilPeer(port, { initialSpeedKmh: 36 });
      const guest = await guestSide;
      guest.setNoDelay(true);
      const decoder = new FrameDecoder();
      const replies: SensorReading[] = [];
      let wake: () => void = () => {};
      guest.on('data', (bytes: Buffer) => {
        for (const f of decoder.push(new Uint8Array(bytes)))
          if (f.type === FrameType.Sensor) replies.push(f.sensor);
        wake();
      });
      try {
        for (let i = 0; i < 20; i++) {
          const frame = encodeActuator({ sequence: i, throttle: 0, brake: 10000 });
          guest.write(frame.subarray(0, 3));
          guest.write(frame.subarray(3));
          while (replies.length <= i) await new Promise<void>((r) => (wake = r));
        }
        assert.deepEqual(
          replies.map((r) => r.sequence),
          Array.from({ length: 20 }, (_, i) => i),
        );
        assert.ok(replies[19].speedCounts < replies[0].speedCounts, 'full brake slows the car');
        assert.equal(connected.peer.trace.length, 20);
      } finally {
        connected.close();
        guest.destroy();
      }
    });
  });
});
