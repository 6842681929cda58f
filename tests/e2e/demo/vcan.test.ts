// The demo's virtual CAN bus on QEMU (-icount shift=0), from the host through the SLCAN client on
// UART1's TCP port: the diagnostic guest answers UDS TesterPresent (02 3E 00 on 0x7E0 and 0x7DF →
// 02 7E 00 on 0x7E8, padded with 0xAA) and stays silent for 02 3E 80; 0x100 frames arrive at 10 Hz ± 1
// per second of bus (virtual) time, from the control guest when it broadcasts and from the `can-sender`
// test guest in the control VM's place; a frame outside the VM's transmit filter never reaches the
// host, and the sender sees NotPermitted and the refusal counted.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildHypervisorSystem } from '../../../cli/build/system.ts';
import { launch, repoRoot, type QemuInstance } from '../../../qemu/runner/index.ts';
import { SlcanClient } from '../../../qemu/slcan/client.ts';
import type { CanMessage } from '../../../qemu/slcan/can-frame.ts';
import { connectHilPeer, type ConnectedHilPeer } from '../../../qemu/vehicle/host-peer.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';

const DEMO = join(repoRoot, 'systems', 'demo.ts');
const PAD = 0xaa;
const POSITIVE = [0x02, 0x7e, 0x00, PAD, PAD, PAD, PAD, PAD];
/** Guest folder (relative to guests/) of the test guest that replaces the control guest. */
const CAN_SENDER = '../tests/e2e/demo/fixtures/can-sender';

function frame(id: number, bytes: number[]): CanMessage {
  return { id, extended: false, remote: false, dlc: bytes.length, data: Uint8Array.from(bytes) };
}

/** Frames received within `ms` of wall time. */
async function collect(client: SlcanClient, ms: number): Promise<CanMessage[]> {
  const frames: CanMessage[] = [];
  const end = Date.now() + ms;
  for (;;) {
    const left = end - Date.now();
    if (left <= 0) return frames;
    try {
      frames.push(await client.receive(left));
    } catch {
      return frames;
    }
  }
}

/** The next frame with identifier `id` (others are skipped), within `ms`. */
async function next(client: SlcanClient, id: number, ms = 5000): Promise<CanMessage> {
  const end = Date.now() + ms;
  for (;;) {
    const f = await client.receive(Math.max(1, end - Date.now()));
    if (f.id === id) return f;
  }
}

/** Frames per 1000 ms window of bus time (timestamps mod 60000 are unwrapped), full windows only. */
function perSecond(frames: CanMessage[]): number[] {
  let offset = 0;
  let last = -1;
  const times = frames.map((f) => {
    const t = f.busTimestampMs!;
    if (last >= 0 && t < last) offset += 60000;
    last = t;
    return t + offset;
  });
  const start = times[0];
  const windows = Math.floor((times.at(-1) - start) / 1000);
  const counts = new Array<number>(windows).fill(0);
  for (const t of times) {
    const w = Math.floor((t - start) / 1000);
    if (w < windows) counts[w]++;
  }
  return counts;
}

interface Running {
  vm: QemuInstance;
  can: SlcanClient;
  hil: ConnectedHilPeer | null;
  outRoot: string;
}

function portOf(vm: QemuInstance, uart: string): number {
  const port = vm.ports[uart];
  if (port === undefined) throw new Error(`QEMU has no TCP port for ${uart}`);
  return port;
}

async function boot(guests: Record<string, string>, withHil: boolean, ready: RegExp): Promise<Running> {
  const outRoot = mkdtempSync(join(tmpdir(), 'bulkhead-demo-vcan-'));
  const built = await buildHypervisorSystem(DEMO, { outRoot, guests });
  const vm = await launch({ elf: built.elf, icount: { shift: 0 }, timeoutMs: 120_000 });
  const hil = withHil ? await connectHilPeer(portOf(vm, 'uart2')) : null;
  await vm.expect(ready, { timeoutMs: 30_000 });
  const can = await SlcanClient.connect('127.0.0.1', portOf(vm, 'uart1'), { timeoutMs: 5000 });
  await can.open({ timestamps: true });
  return { vm, can, hil, outRoot };
}

async function shutdown(r: Running | undefined): Promise<void> {
  if (r === undefined) return;
  await r.can.end().catch(() => {});
  r.hil?.close();
  await r.vm.kill();
  rmSync(r.outRoot, { recursive: true, force: true });
}

describe('demo on QEMU: virtual CAN with the control and diagnostic guests (icount)', function () {
  this.timeout(240_000);
  let r: Running | undefined;
  before(async () => {
    requireQemuForTests();
    r = await boot({}, true, /\[diag\] diag: UDS server\b/);
  });
  after(() => shutdown(r));

  it('answers 02 3E 00 on 0x7E0 and 0x7DF with 02 7E 00 (0xAA padding) on 0x7E8', async () => {
    const { can } = r!;
    await can.send(frame(0x7e0, [0x02, 0x3e, 0x00]));
    const physical = await next(can, 0x7e8);
    assert.deepEqual([physical.dlc, ...physical.data], [8, ...POSITIVE]);
    await can.send(frame(0x7df, [0x02, 0x3e, 0x00, PAD, PAD, PAD, PAD, PAD]));
    const functional = await next(can, 0x7e8);
    assert.deepEqual([...functional.data], POSITIVE);
  });

  it('sends nothing for 02 3E 80 (suppress positive response), and still answers afterwards', async () => {
    const { can } = r!;
    await can.send(frame(0x7e0, [0x02, 0x3e, 0x80]));
    const after = await collect(can, 2000);
    assert.deepEqual(
      after.filter((f) => f.id === 0x7e8),
      [],
    );
    await can.send(frame(0x7e0, [0x02, 0x3e, 0x00]));
    assert.deepEqual([...(await next(can, 0x7e8)).data], POSITIVE);
  });

  it('0x100 frames of the control guest arrive at 10 Hz ± 1 per second of bus time', async function () {
    const frames = (await collect(r!.can, 4000)).filter((f) => f.id === 0x100);
    const counts = perSecond(frames);
    assert.ok(counts.length >= 2, `enough bus time covered: ${frames.length} frames`);
    for (const c of counts) assert.ok(Math.abs(c - 10) <= 1, `frames per second: ${counts.join(', ')}`);
  });
});

describe('demo on QEMU: transmit filter and rate with a test guest in the control VM (icount)', function () {
  this.timeout(240_000);
  let r: Running | undefined;
  let frames: CanMessage[] = [];
  before(async () => {
    requireQemuForTests();
    r = await boot({ control: CAN_SENDER }, false, /can-sender: 0x100 every 100 ticks/);
    frames = await collect(r.can, 4000);
  });
  after(() => shutdown(r));

  it('0x100 frames arrive at 10 Hz ± 1 per second of bus time, counting up', () => {
    const speed = frames.filter((f) => f.id === 0x100);
    const counts = perSecond(speed);
    assert.ok(counts.length >= 2, `enough bus time covered: ${speed.length} frames`);
    for (const c of counts) assert.ok(Math.abs(c - 10) <= 1, `frames per second: ${counts.join(', ')}`);
    const counters = speed.map((f) => Buffer.from(f.data).readUInt32LE(0));
    counters.slice(1).forEach((c, i) => assert.equal(c, counters[i] + 1, 'no frame lost'));
  });

  it('refuses 0x123 (outside the transmit filter): NotPermitted, counted, never on the bus', async () => {
    const { vm } = r!;
    await vm.expect(/can-sender: 0x123 -> NOT_PERMITTED, tx_refused 1, queued 0, overflows 0/, {
      timeoutMs: 10_000,
    });
    assert.deepEqual(
      frames.filter((f) => f.id !== 0x100),
      [],
    );
  });
});
