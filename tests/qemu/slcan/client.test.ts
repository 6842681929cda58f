// SLCAN host peer against the hypervisor side over real TCP: the TS client (qemu/slcan) talks to the
// subset bus module running behind a socket. Commands and their replies, error replies surfaced as
// rejections, frames both ways through the VMs' filters, timestamps, the async iterator, timeouts, and
// the cansend / candump text forms.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import {
  VCAN_ID_EXTENDED,
  vcanChannel,
  vcanCounters,
  vcanQueued,
  vcanReceive,
  vcanReceived,
  vcanSend,
  vcanVmCounters,
} from '../../../firmware/core/vcan/bus.ts';
import {
  formatCandumpLine,
  formatCanFrame,
  parseCanSendArgument,
  type CanMessage,
} from '../../../qemu/slcan/can-frame.ts';
import { SlcanClient, SlcanCommandError, bitrateCode } from '../../../qemu/slcan/client.ts';
import { HypervisorBusPeer } from '../../support/hypervisor-peer.ts';

const CTRL = 0;
const DIAG = 1;
const GW = 2;

function frame(id: number, bytes: number[], extended = false): CanMessage {
  return { id, extended, remote: false, dlc: bytes.length, data: Uint8Array.from(bytes) };
}

describe('qemu/slcan client over TCP against the hypervisor bus', function () {
  this.timeout(20_000);
  let peer: HypervisorBusPeer;
  let client: SlcanClient;

  beforeEach(async () => {
    peer = await HypervisorBusPeer.start();
    client = await SlcanClient.connect('127.0.0.1', peer.port, { timeoutMs: 1000 });
  });
  afterEach(async () => {
    await client.end();
    await peer.stop();
  });

  it('queries version and serial; status before open is refused with a clear error', async () => {
    assert.equal(await client.version(), 'V0101');
    assert.equal(await client.serial(), 'NBH01');
    await assert.rejects(
      client.status(),
      (err: Error) => err instanceof SlcanCommandError && /refused "F" \(BEL\)/.test(err.message),
    );
    assert.equal(client.errorReplies, 1);
  });

  it('opens with a bitrate (from any channel state) and reports status once open', async () => {
    await client.open({ bitrate: 125_000 });
    assert.equal(
      peer.with(() => vcanChannel().bitrateCode),
      4,
    );
    assert.equal(
      peer.with(() => vcanChannel().open),
      true,
    );
    assert.equal(await client.status(), 0);
    await client.open({ bitrate: 1_000_000 }); // already open: the client closes first
    assert.equal(
      peer.with(() => vcanChannel().bitrateCode),
      8,
    );
    await client.closeChannel();
    await assert.rejects(client.closeChannel(), SlcanCommandError);
    assert.throws(() => bitrateCode(33_333), /bitrate 33333 is not an SLCAN bitrate/);
  });

  it('surfaces BEL for malformed commands, then keeps working', async () => {
    for (const bad of ['S9', 'X', 't1009', 'T200000000', 't' + '1'.repeat(60)]) {
      await assert.rejects(client.command(bad), SlcanCommandError, bad);
    }
    assert.equal(await client.version(), 'V0101');
    assert.equal(
      peer.with(() => vcanCounters().hostErrors),
      5,
    );
  });

  it('a sent frame reaches the VMs whose receive filters accept it', async () => {
    await client.open();
    await client.send(frame(0x7e0, [0x02, 0x3e, 0x00]));
    await client.send(frame(0x18da10f1, [0xaa], true));
    peer.with(() => {
      assert.equal(vcanReceive(DIAG), HvResult.Ok);
      assert.equal(vcanReceived().id, 0x7e0);
      assert.deepEqual(Array.from(vcanReceived().data.subarray(0, 3)), [0x02, 0x3e, 0x00]);
      assert.equal(vcanReceive(GW), HvResult.Ok);
      assert.equal(vcanReceived().id, 0x18da10f1);
      assert.equal(vcanReceived().extended, true);
      assert.equal(vcanQueued(CTRL), 0);
    });
  });

  it('sending is refused (rejected) while listen-only or closed', async () => {
    await client.open({ listenOnly: true });
    await assert.rejects(client.send(frame(0x7e0, [1])), /refused "t7E0101"/);
    await client.closeChannel();
    await assert.rejects(client.send(frame(0x7e0, [1])), SlcanCommandError);
    assert.equal(
      peer.with(() => vcanQueued(DIAG)),
      0,
    );
  });

  it('receives the VMs frames in order, with bus timestamps when asked', async () => {
    await client.open({ timestamps: true });
    peer.with(() => {
      assert.equal(vcanSend(CTRL, 0x100, 2, 0x6400, 0), HvResult.Ok);
      assert.equal(vcanSend(DIAG, 0x7e8, 3, 0x007e02, 0), HvResult.Ok);
      assert.equal(vcanSend(GW, 0x18daf110 | VCAN_ID_EXTENDED, 0, 0, 0), HvResult.Ok);
      assert.equal(vcanSend(CTRL, 0x7ff, 0, 0, 0), HvResult.NotPermitted);
      assert.equal(vcanVmCounters(CTRL).txRefused, 1);
    });
    const got: string[] = [];
    for await (const f of client.frames()) {
      assert.ok(f.busTimestampMs !== undefined && f.busTimestampMs < 60000);
      got.push(formatCanFrame(f));
      if (got.length === 3) break;
    }
    assert.deepEqual(got, ['100#0064', '7E8#027E00', '18DAF110#']);
    await assert.rejects(client.receive(100), /no frame within 100 ms/, 'the refused frame never arrives');
  });

  it('many frames both ways keep their order and count', async () => {
    await client.open();
    const n = 200;
    peer.with(() => {
      for (let i = 0; i < n; i++) assert.equal(vcanSend(CTRL, 0x100, 2, i & 0xffff, 0), HvResult.Ok);
    });
    for (let i = 0; i < n; i++) {
      const f = await client.receive();
      assert.deepEqual(Array.from(f.data), [i & 0xff, (i >> 8) & 0xff]);
    }
    assert.equal(
      peer.with(() => vcanCounters().framesToHost),
      n,
    );
  });

  it('times out a command the peer never answers, and reports a refused connection', async () => {
    const accepted: import('node:net').Socket[] = [];
    const silent = createServer((socket) => accepted.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const mute = await SlcanClient.connect('127.0.0.1', port, { timeoutMs: 150 });
    // Nothing has ever answered: the message says why that usually is (a single-client serial port).
    await assert.rejects(
      mute.version(),
      /no reply to "V" within 150 ms \(nothing has answered on this connection: QEMU's serial port serves one client at a time, so join through the bus hub port/,
    );
    await mute.end();
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
    await assert.rejects(
      SlcanClient.connect('127.0.0.1', port, { timeoutMs: 500 }),
      /cannot connect to 127\.0\.0\.1:\d+/,
    );
  });

  it('a timeout after earlier answers carries no single-client hint', async () => {
    assert.equal(await client.version(), 'V0101');
    client.timeoutMs = 100;
    peer.sim.client?.pause(); // the bus stops reading: no answer comes
    await assert.rejects(client.version(), (err: Error) => /within 100 ms$/.test(err.message));
    peer.sim.client?.resume();
  });

  it('fails pending commands and ends the iterator when the connection closes', async () => {
    await client.open();
    const iteration = (async () => {
      const seen: CanMessage[] = [];
      for await (const f of client.frames()) seen.push(f);
      return seen;
    })();
    await peer.stop();
    await client.end();
    assert.deepEqual(await iteration, []);
    await assert.rejects(client.version(), /connection closed/);
    peer = await HypervisorBusPeer.start();
  });
});

describe('qemu/slcan cansend and candump text forms', () => {
  it('parses standard, extended, dotted and remote frames', () => {
    assert.deepEqual(parseCanSendArgument('7E0#023E00'), frame(0x7e0, [2, 0x3e, 0]));
    assert.deepEqual(parseCanSendArgument('18DAF110#02.10'), frame(0x18daf110, [2, 0x10], true));
    assert.deepEqual(parseCanSendArgument('123#'), frame(0x123, []));
    assert.deepEqual(parseCanSendArgument('123#R4'), {
      id: 0x123,
      extended: false,
      remote: true,
      dlc: 4,
      data: new Uint8Array(0),
    });
  });
  it('names the offending input', () => {
    assert.throws(() => parseCanSendArgument('1234#00'), /'1234#00' is not <id>#<data>/);
    assert.throws(() => parseCanSendArgument('800#00'), /identifier 0x800 is above 0x7ff/);
    assert.throws(() => parseCanSendArgument('20000000#00'), /above 0x1fffffff/);
    assert.throws(() => parseCanSendArgument('100#0'), /data '0' is not hex byte pairs/);
    assert.throws(() => parseCanSendArgument('100#112233445566778899'), /9 data bytes, at most 8/);
  });
  it('formats candump log lines', () => {
    const f = { ...frame(0x100, [0, 0x64]), receivedAtUs: 1_700_000_000_012_345 };
    assert.equal(formatCandumpLine(f, 'vcan'), '(1700000000.012345) vcan 100#0064');
    assert.equal(
      formatCanFrame({ id: 0x1, extended: true, remote: true, dlc: 2, data: new Uint8Array(0) }),
      '00000001#R2',
    );
  });
});
