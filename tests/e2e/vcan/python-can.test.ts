// Interoperability with a standard tool: python-can's `slcan` interface joins the bus over
// `socket://127.0.0.1:PORT` (as docs/VCAN.md tells users to), queries the version, sends a frame that
// reaches the diagnostic VM through its receive filter, and receives a frame a VM sends. The bus side is
// the subset bus module behind a real TCP socket. Needs python3 with python-can (Debian: python3-can);
// skipped with a message when it is missing.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { vcanReceive, vcanReceived, vcanSend } from '../../../firmware/core/vcan/bus.ts';
import { HypervisorBusPeer } from '../../support/hypervisor-peer.ts';

const PYTHON = process.env['BULKHEAD_PYTHON'] ?? '/usr/bin/python3';

const SCRIPT = `
import sys, time, can
bus = can.Bus(interface='slcan', channel='socket://127.0.0.1:' + sys.argv[1], bitrate=500000, sleep_after_open=0)
print('version', *bus.get_version(2.0), flush=True)
bus.send(can.Message(arbitration_id=0x7E0, data=[0x02, 0x3E, 0x00], is_extended_id=False))
print('sent', flush=True)
deadline = time.time() + 10
msg = None
while msg is None and time.time() < deadline:
    msg = bus.recv(0.5)
if msg is None:
    print('no frame', flush=True)
else:
    print('recv %X %d %s' % (msg.arbitration_id, msg.is_extended_id, msg.data.hex().upper()), flush=True)
bus.shutdown()
`;

function pythonCanAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import can'], { stdio: 'ignore' }).status === 0;
}

describe('python-can slcan interface on the virtual CAN bus (real TCP)', function () {
  this.timeout(30_000);

  it('joins, sends to the diagnostic VM and receives a VM frame', async function () {
    // The toolchain provisioning (scripts/provision-toolchain.sh) installs python3-can: a missing one
    // is a set-up failure, not a reason to skip the interoperability check.
    assert.ok(
      pythonCanAvailable(),
      `${PYTHON} has no python-can: run 'npm run toolchain' (Debian package python3-can)`,
    );
    const peer = await HypervisorBusPeer.start();
    try {
      const child = spawn(PYTHON, ['-c', SCRIPT, String(peer.port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const sent = new Promise<void>((resolve) =>
        child.stdout.on('data', (b: Buffer) => {
          stdout += b.toString();
          if (stdout.includes('sent\n')) resolve();
        }),
      );
      const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
      await Promise.race([sent, exited]);
      // python-can's frame reached the diagnostic VM's queue.
      const deadline = Date.now() + 5000;
      while (peer.with(() => vcanReceive(1)) !== HvResult.Ok) {
        assert.ok(
          Date.now() < deadline,
          `python-can's frame reached VM diag (stdout ${stdout}, stderr ${stderr})`,
        );
        await new Promise((r) => setTimeout(r, 20));
      }
      peer.with(() => {
        assert.equal(vcanReceived().id, 0x7e0);
        assert.deepEqual(Array.from(vcanReceived().data.subarray(0, vcanReceived().dlc)), [0x02, 0x3e, 0x00]);
        assert.equal(vcanSend(0, 0x100, 2, 0x6400, 0), HvResult.Ok);
      });
      const code = await exited;
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^version 1 1$/m);
      assert.match(stdout, /^recv 100 0 0064$/m);
    } finally {
      await peer.stop();
    }
  });
});
