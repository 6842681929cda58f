// The virtual CAN bus on the target: the transpiled core with the bus module, booted in QEMU
// (realview-eb, Cortex-R5F, -icount) with UART1 as a TCP server, and the TS SLCAN client on the host.
// The beacon guest (fixtures/can-beacon) sends 0x100 once per 10 ms major frame and tries 0x101 outside
// its transmit filter. On the host: every 0x100 frame arrives in order with consecutive counters and bus
// timestamps exactly 10 ms apart, 0x101 never appears, and the guest sees each refusal counted; a frame
// the host sends to 0x7E0 reaches the guest through its receive filter, one to 0x7E1 does not.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildHypervisorSystem } from '../../../cli/build/system.ts';
import { pickFreePorts } from '../../../qemu/runner/free-ports.ts';
import { formatCanFrame, type CanMessage } from '../../../qemu/slcan/can-frame.ts';
import { SlcanClient } from '../../../qemu/slcan/client.ts';

const OUT = resolve('out/test/vcan-qemu');
const BEACON_PERIOD_MS = 10;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function connectWithRetry(port: number, deadlineMs: number): Promise<SlcanClient> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await SlcanClient.connect('127.0.0.1', port, { timeoutMs: 3000 });
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(50);
    }
  }
}

async function waitForConsole(file: string, pattern: RegExp, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(existsSync(file) && pattern.test(readFileSync(file, 'latin1')))) {
    assert.ok(Date.now() < deadline, `console shows ${pattern}`);
    await sleep(50);
  }
}

describe('virtual CAN bus on QEMU with the SLCAN host peer', function () {
  this.timeout(300_000);
  let qemu: ChildProcess | undefined;
  after(() => {
    qemu?.kill('SIGTERM');
  });

  it('carries the guest beacon to the host at its period, refuses 0x101, delivers 0x7E0 only', async () => {
    const image = await buildHypervisorSystem(resolve('tests/e2e/vcan/fixtures/vcan-system.ts'), {
      outRoot: OUT,
      guests: { beacon: '../tests/e2e/vcan/fixtures/can-beacon' },
    });
    const consoleFile = join(image.dir, 'uart0.txt');
    const [port] = await pickFreePorts(1);
    qemu = spawn(
      'qemu-system-arm',
      [
        ...['-M', 'realview-eb', '-cpu', 'cortex-r5f', '-m', '128M', '-nographic', '-audio', 'none'],
        ...['-monitor', 'none'],
        ...['-icount', 'shift=0,sleep=on', '-semihosting-config', 'enable=on,target=native'],
        ...['-kernel', image.elf, '-serial', `file:${consoleFile}`],
        ...['-serial', `tcp:127.0.0.1:${port},server=on,wait=on`, '-serial', 'null', '-serial', 'null'],
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    qemu.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const client = await connectWithRetry(port, 20_000);
    try {
      // Bytes sent before the hypervisor has set up the UART would be lost: wait for the guest.
      await waitForConsole(consoleFile, /^\[beacon\] n 0 /m, 20_000);
      assert.equal(await client.version(), 'V0101');
      await client.open({ bitrate: 500_000, timestamps: true });
      const frames: CanMessage[] = [];
      client.on('frame', (f) => frames.push(f));
      await sleep(1500);
      await client.send({
        id: 0x7e0,
        extended: false,
        remote: false,
        dlc: 2,
        data: Uint8Array.of(0x02, 0x3e),
      });
      await client.send({ id: 0x7e1, extended: false, remote: false, dlc: 1, data: Uint8Array.of(0x55) });
      await sleep(500);
      assert.equal(await client.status(), 0, 'no receive queue overflowed');

      assert.ok(frames.length >= 50, `enough beacon frames (${frames.length}); qemu: ${stderr}`);
      assert.deepEqual(
        [...new Set(frames.map((f) => formatCanFrame(f).slice(0, 4)))],
        ['100#'],
        'only 0x100 on the bus',
      );
      const counters = frames.map((f) => f.data[0] | (f.data[1] << 8));
      counters.forEach(
        (c, i) => i > 0 && assert.equal(c, (counters[i - 1] + 1) & 0xffff, `frame ${i} follows`),
      );
      const stamps = frames.map((f) => f.busTimestampMs!);
      stamps.forEach(
        (t, i) =>
          i > 0 &&
          assert.equal((t - stamps[i - 1] + 60000) % 60000, BEACON_PERIOD_MS, `period at frame ${i}`),
      );
    } finally {
      await client.end();
      qemu.kill('SIGTERM');
    }
    await new Promise((r) => qemu!.once('exit', r));
    const text = readFileSync(consoleFile, 'latin1');
    assert.match(text, /^\[beacon\] rx 7e0 2 023e$/m, 'the 0x7E0 frame reached the beacon');
    assert.doesNotMatch(text, /rx 7e1/, '0x7E1 is outside its receive filter');
    const status = [...text.matchAll(/^\[beacon\] n (\d+) sent (\d+) refused (\d+) tx-refused (\d+)$/gm)];
    assert.ok(status.length >= 3);
    for (const [, n, sent, refused, txRefused] of status) {
      assert.equal(Number(sent), 0, 'CanSend 0x100: Ok');
      assert.equal(Number(refused), 6, 'CanSend 0x101: NotPermitted');
      assert.equal(Number(txRefused), Number(n) + 1, 'every refusal counted');
    }
  });
});
