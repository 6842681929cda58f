// The CAN bus hub over real TCP sockets: the guest side is the subset bus module behind a socket that,
// like QEMU's serial server, serves one client (tests/support/hypervisor-peer.ts); the hub holds that
// one connection and serves several SLCAN clients at once. Every client sees the VMs' frames and the
// other clients' frames (never its own), sends reach the VMs, each client's open/close/bitrate/
// timestamps are its own, the bus's status flags reach every client, a client over the limit is
// refused with a reason, a taken port is reported naming it, and python-can joins through the hub
// beside a TS client.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import {
  vcanChannel,
  vcanQueued,
  vcanReceive,
  vcanReceived,
  vcanSend,
} from '../../../firmware/core/vcan/bus.ts';
import { BusHub, BusPortInUseError } from '../../../qemu/bus/bus-hub.ts';
import { GuestLink } from '../../../qemu/bus/guest-link.ts';
import { findPythonCan } from '../../../qemu/bus/python-can.ts';
import { formatCanFrame, type CanMessage } from '../../../qemu/slcan/can-frame.ts';
import { SlcanClient, SlcanCommandError, SlcanRefusedError } from '../../../qemu/slcan/client.ts';
import { HypervisorBusPeer } from '../../support/hypervisor-peer.ts';

const CTRL = 0;
const DIAG = 1;

function frame(id: number, bytes: number[]): CanMessage {
  return { id, extended: false, remote: false, dlc: bytes.length, data: Uint8Array.from(bytes) };
}

describe('qemu/bus hub: many SLCAN clients on one guest bus UART (real TCP)', function () {
  this.timeout(30_000);
  let peer: HypervisorBusPeer;
  let hub: BusHub;
  let link: GuestLink;
  const clients: SlcanClient[] = [];

  async function join(options: { timestamps?: boolean; listenOnly?: boolean } = {}): Promise<SlcanClient> {
    const client = await SlcanClient.connect('127.0.0.1', hub.port, { timeoutMs: 2000 });
    clients.push(client);
    await client.open(options);
    return client;
  }

  beforeEach(async () => {
    peer = await HypervisorBusPeer.start();
    hub = await BusHub.listen({ maxClients: 4 });
    link = await GuestLink.open('127.0.0.1', peer.port, { readyTimeoutMs: 5000 });
    hub.attach(link);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end()));
    await link.close();
    await hub.close();
    await peer.stop();
  });

  it('every open client gets the VMs frames at once', async () => {
    const a = await join({ listenOnly: true });
    const b = await join({ listenOnly: true });
    const c = await join();
    peer.with(() => assert.equal(vcanSend(CTRL, 0x100, 2, 0x6400, 0), HvResult.Ok));
    for (const client of [a, b, c]) assert.equal(formatCanFrame(await client.receive(2000)), '100#0064');
    assert.equal(hub.clientCount, 3);
  });

  it("a client's frame reaches the VMs and every other client, not its own sender", async () => {
    const a = await join({ listenOnly: true });
    const b = await join();
    const c = await join();
    await c.send(frame(0x7e0, [0x02, 0x3e, 0x00]));
    peer.with(() => {
      assert.equal(vcanReceive(DIAG), HvResult.Ok);
      assert.equal(vcanReceived().id, 0x7e0);
    });
    assert.equal(formatCanFrame(await a.receive(2000)), '7E0#023E00');
    assert.equal(formatCanFrame(await b.receive(2000)), '7E0#023E00');
    await assert.rejects(c.receive(300), /no frame within 300 ms/, 'no echo to the sender');
    assert.equal(hub.counters.framesFromClients, 1);
  });

  it("one client's C, S and Z are its own: the bus stays open for the others", async () => {
    const a = await join({ timestamps: true, listenOnly: true });
    const b = await join();
    await b.closeChannel();
    await b.command('S0'); // bitrate of this client only
    await b.command('Z1');
    assert.equal(
      peer.with(() => vcanChannel().open),
      true,
    );
    assert.equal(
      peer.with(() => vcanChannel().bitrateCode),
      6,
    );
    peer.with(() => assert.equal(vcanSend(CTRL, 0x100, 1, 7, 0), HvResult.Ok));
    const got = await a.receive(2000);
    assert.equal(formatCanFrame(got), '100#07');
    assert.ok(got.busTimestampMs !== undefined, 'Z1 client gets the bus stamp');
    await assert.rejects(b.receive(300), /no frame/, 'a closed client gets nothing');
    // Closed twice, S while open, frames while listen-only: BEL, as on the bus UART.
    await assert.rejects(b.closeChannel(), /refused "C" \(BEL\)/);
    await assert.rejects(a.command('S4'), /refused "S4"/);
    await assert.rejects(a.send(frame(0x7e0, [1])), /refused "t7E0101"/);
    await assert.rejects(a.command('t1009'), SlcanCommandError, 'malformed');
    assert.equal(await a.version(), 'V0101');
    assert.equal(await a.serial(), 'NBH01');
    // DIAG receives 0x100..0x10F: the VM's frame, and nothing from the refused lines.
    assert.equal(
      peer.with(() => vcanQueued(DIAG)),
      1,
    );
  });

  it('the bus status flags (a VM queue overflowed) reach every open client once', async () => {
    const a = await join();
    const b = await join({ listenOnly: true });
    // DIAG's receive queue holds 4 frames: the fifth overflows.
    for (let i = 0; i < 5; i++) await a.send(frame(0x7e0, [i]));
    assert.equal(await a.status(), 0x08);
    assert.equal(await b.status(), 0x08);
    assert.equal(await a.status(), 0);
  });

  it('refuses a client over the limit with the reason; the others go on', async () => {
    const served = await Promise.all([join(), join(), join(), join({ listenOnly: true })]);
    const extra = await SlcanClient.connect('127.0.0.1', hub.port, { timeoutMs: 2000 });
    clients.push(extra);
    await assert.rejects(
      extra.open(),
      (err: Error) =>
        err instanceof SlcanRefusedError && /too many clients: .* at most 4 at once/.test(err.message),
    );
    assert.equal(hub.counters.clientsRefused, 1);
    await served[0].send(frame(0x7e0, [9]));
    assert.equal(formatCanFrame(await served[3].receive(2000)), '7E0#09');
  });

  it('frames sent before the hub joins the bus wait for it', async () => {
    const late = await BusHub.listen();
    try {
      const client = await SlcanClient.connect('127.0.0.1', late.port, { timeoutMs: 3000 });
      clients.push(client);
      await client.open();
      const sent = client.send(frame(0x7e0, [0x42]));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await link.close();
      late.attach(await GuestLink.open('127.0.0.1', await reopen(peer), { readyTimeoutMs: 5000 }));
      await sent;
      peer.with(() => {
        assert.equal(vcanReceive(DIAG), HvResult.Ok);
        assert.deepEqual([...vcanReceived().data.subarray(0, 1)], [0x42]);
      });
    } finally {
      await late.close();
    }
  });

  it('python-can (slcan over socket://) joins beside a TS client: both see each other', async function () {
    const python = (await findPythonCan()).interpreter;
    if (python === null) {
      this.skip(); // no interpreter here has python-can (Debian: apt-get install python3-can)
      return;
    }
    const dump = await join({ listenOnly: true });
    const script = `
import sys, time, can
bus = can.Bus(interface='slcan', channel='socket://127.0.0.1:' + sys.argv[1], bitrate=500000, sleep_after_open=0)
bus.send(can.Message(arbitration_id=0x7E0, data=[0x02, 0x3E, 0x00], is_extended_id=False))
print('sent', flush=True)
deadline = time.time() + 10
msg = None
while msg is None and time.time() < deadline:
    msg = bus.recv(0.5)
print('recv %X %s' % (msg.arbitration_id, msg.data.hex().upper()) if msg else 'no frame', flush=True)
bus.shutdown()
`;
    const child = spawn(python, ['-c', script, String(hub.port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
        if (stdout.includes('sent\n')) resolve();
      }),
    );
    assert.equal(formatCanFrame(await dump.receive(5000)), '7E0#023E00', 'the TS client saw python-can');
    peer.with(() => assert.equal(vcanSend(CTRL, 0x100, 2, 0x1234, 0), HvResult.Ok));
    assert.equal(await exited, 0, stderr);
    assert.match(stdout, /recv 100 3412/);
  });
});

/** The peer serves one client: waits until the previous one has gone, returns its port. */
async function reopen(peer: HypervisorBusPeer): Promise<number> {
  await peer.idle();
  return peer.port;
}

describe('qemu/bus hub: its port', () => {
  let blocker: Server;
  before(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  });
  after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('a port another program holds is reported naming the port', async () => {
    const port = (blocker.address() as AddressInfo).port;
    await assert.rejects(
      BusHub.listen({ port }),
      (err: Error) => err instanceof BusPortInUseError && err.message.includes(`TCP port ${port}`),
    );
  });

  it('a fixed free port is honoured', async () => {
    const probe = await BusHub.listen();
    const port = probe.port;
    await probe.close();
    const hub = await BusHub.listen({ port });
    try {
      assert.equal(hub.port, port);
    } finally {
      await hub.close();
    }
  });
});
