// `bulkhead can dump` and `bulkhead can send` as separate processes against the hypervisor side of the
// bus behind a real TCP socket: send delivers a cansend-syntax frame to the VMs whose filters accept
// it, dump prints the VMs' frames as candump log lines, and bad arguments exit 2 naming the input.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { vcanChannel, vcanReceive, vcanReceived, vcanSend } from '../../../firmware/core/vcan/bus.ts';
import { HypervisorBusPeer } from '../../support/hypervisor-peer.ts';

const CLI = join(resolve('.'), 'cli', 'main.ts');

function bulkhead(args: string[]): { done: Promise<{ code: number; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'can', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((r) =>
    child.on('close', (code) => r({ code: code ?? -1, stdout, stderr })),
  );
  return { done };
}

describe('bulkhead can (CLI) against the hypervisor bus over TCP', function () {
  this.timeout(60_000);
  let peer: HypervisorBusPeer;
  before(async () => {
    peer = await HypervisorBusPeer.start();
  });
  after(() => peer.stop());

  it('send: delivers 7E0#023E00 to the diagnostic VM', async () => {
    const result = await bulkhead(['send', '--port', String(peer.port), '7E0#023E00']).done;
    assert.equal(result.code, 0, result.stderr);
    peer.with(() => {
      assert.equal(vcanReceive(1), HvResult.Ok);
      assert.equal(vcanReceived().id, 0x7e0);
      assert.equal(vcanReceived().dlc, 3);
      assert.deepEqual(Array.from(vcanReceived().data.subarray(0, 3)), [0x02, 0x3e, 0x00]);
    });
    await peer.idle();
  });

  it('dump: prints the VMs frames as candump lines and stops after --count', async () => {
    const dump = bulkhead([
      'dump',
      '--port',
      String(peer.port),
      '--count',
      '2',
      '--bus-timestamps',
      '--duration',
      '15',
    ]);
    const deadline = Date.now() + 20_000;
    // The previous `send` left the channel open; dump reopens it listen-only.
    while (!peer.with(() => vcanChannel().open && vcanChannel().listenOnly)) {
      assert.ok(Date.now() < deadline, 'dump opened the channel');
      await new Promise((r) => setTimeout(r, 20));
    }
    peer.with(() => {
      assert.equal(vcanSend(0, 0x100, 2, 0x6400, 0), HvResult.Ok);
      assert.equal(vcanSend(1, 0x7e8, 3, 0x007e02, 0), HvResult.Ok);
    });
    const result = await dump.done;
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^\(\d{10}\.\d{6}\) vcan 100#0064 ; bus=\d+$/);
    assert.match(lines[1], /^\(\d{10}\.\d{6}\) vcan 7E8#027E00 ; bus=\d+$/);
    await peer.idle();
  });

  it('bad arguments exit 2 and name the input; an unreachable bus exits 1', async () => {
    const noPort = await bulkhead(['send', '123#00']).done;
    assert.equal(noPort.code, 2);
    assert.match(noPort.stderr, /--port is required/);
    const badFrame = await bulkhead(['send', '--port', String(peer.port), '800#00']).done;
    assert.equal(badFrame.code, 2);
    assert.match(badFrame.stderr, /'800#00': identifier 0x800 is above 0x7ff/);
    const badRate = await bulkhead(['dump', '--port', String(peer.port), '--bitrate', '12345']).done;
    assert.equal(badRate.code, 2);
    assert.match(badRate.stderr, /bitrate 12345 is not an SLCAN bitrate/);
    const closedPort = await bulkhead(['send', '--port', '1', '123#00']).done;
    assert.equal(closedPort.code, 1);
    assert.match(closedPort.stderr, /cannot connect to 127\.0\.0\.1:1/);
  });
});
