// The SocketCAN bridge of docs/VCAN.md (scripts/socketcan-bridge.sh: socat to the bus hub, slcand,
// the kernel's slcan driver): a frame a VM sends shows in `candump` on the interface, and `cansend` on
// the interface reaches the diagnostic VM and the hub's other clients. The guest side is the subset bus
// module behind a real socket, the hub the one `bulkhead start` runs. Needs root, socat, slcand,
// candump and cansend (Debian: socat, can-utils) and a kernel with the slcan driver; skipped, with the
// missing piece named, where any of these is absent.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { vcanReceive, vcanReceived, vcanSend } from '../../../firmware/core/vcan/bus.ts';
import { BusHub } from '../../../qemu/bus/bus-hub.ts';
import { GuestLink } from '../../../qemu/bus/guest-link.ts';
import { repoRoot } from '../../../qemu/runner/index.ts';
import { formatCanFrame } from '../../../qemu/slcan/can-frame.ts';
import { SlcanClient } from '../../../qemu/slcan/client.ts';
import { HypervisorBusPeer } from '../../support/hypervisor-peer.ts';

const CTRL = 0;
const DIAG = 1;
const IFACE = 'bhslcan0';
const BRIDGE = join(repoRoot, 'scripts', 'socketcan-bridge.sh');

/** Why the bridge cannot run here, or null when it can be tried. */
function missingPrerequisite(): string | null {
  if (process.getuid?.() !== 0) return 'not root (slcand and ip need it)';
  for (const tool of ['socat', 'slcand', 'candump', 'cansend', 'ip']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0)
      return `'${tool}' is not installed (Debian: apt-get install socat can-utils)`;
  }
  return null;
}

function run(command: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
  });
}

describe('SocketCAN bridge (slcand on a pty to the bus hub)', function () {
  this.timeout(60_000);
  let peer: HypervisorBusPeer | undefined;
  let hub: BusHub | undefined;
  let link: GuestLink | undefined;
  let bridge: ChildProcess | undefined;

  before(async function () {
    const missing = missingPrerequisite();
    if (missing !== null) {
      console.log(`      skipped: ${missing}`);
      this.skip();
    }
    peer = await HypervisorBusPeer.start();
    hub = await BusHub.listen();
    link = await GuestLink.open('127.0.0.1', peer.port, { readyTimeoutMs: 5000 });
    hub.attach(link);
    bridge = spawn(BRIDGE, [String(hub.port), IFACE], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const up = await new Promise<boolean>((resolve) => {
      bridge!.stdout!.on('data', (b: Buffer) => {
        output += b.toString();
        if (output.includes('bridge:')) resolve(true);
      });
      bridge!.stderr!.on('data', (b: Buffer) => (output += b.toString()));
      bridge!.on('close', () => resolve(false));
    });
    if (!up) {
      console.log(`      skipped: the bridge did not come up: ${output.trim()}`);
      this.skip();
    }
  });
  after(async () => {
    bridge?.kill('SIGTERM');
    await link?.close();
    await hub?.close();
    await peer?.stop();
  });

  it('candump on the interface sees a VM frame; cansend reaches the VM and the hub clients', async () => {
    const dump = run('candump', ['-n', '1', '-T', '5000', IFACE]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    peer!.with(() => assert.equal(vcanSend(CTRL, 0x100, 2, 0x6400, 0), HvResult.Ok));
    const dumped = await dump;
    assert.match(dumped.stdout, /100\s+\[2\]\s+00 64/);

    const client = await SlcanClient.connect('127.0.0.1', hub!.port);
    try {
      await client.open({ listenOnly: true });
      assert.equal((await run('cansend', [IFACE, '7E0#023E00'])).code, 0);
      assert.equal(formatCanFrame(await client.receive(5000)), '7E0#023E00');
      peer!.with(() => {
        assert.equal(vcanReceive(DIAG), HvResult.Ok);
        assert.equal(vcanReceived().id, 0x7e0);
      });
    } finally {
      await client.end();
    }
  });
});
