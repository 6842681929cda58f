// The bus hub of `bulkhead start` (what `npm start` runs) on a real QEMU demo run: with `--can-port`
// the hub serves that port (printed); two `bulkhead can dump --dbc systems/demo.dbc` processes and a
// `bulkhead uds read vin` process are served at the same time: both dumps see the control guest's
// speed frames decoded and the tester's request and the diagnostic guest's answer, and the UDS answer
// is the demo's VIN; a client over the hub's limit is never left hanging. BULKHEAD_CAN_PORT is
// honoured too, and a port another program holds stops the start with a message naming it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';

import { BusHub } from '../../../qemu/bus/bus-hub.ts';
import { repoRoot } from '../../../qemu/runner/index.ts';
import { SlcanClient } from '../../../qemu/slcan/client.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Running {
  child: ChildProcess;
  stdout: () => string;
  finished: Promise<Finished>;
}

/** Runs `bulkhead <args>` from the repository root. */
function bulkhead(args: string[], env: NodeJS.ProcessEnv = process.env): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'cli', 'main.ts'), ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const finished = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, stdout: () => stdout, finished };
}

/** Waits until `pattern` shows in the output (or the process ends). */
async function waitFor(run: Running, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void run.finished.then(() => (ended = true));
  for (;;) {
    const match = run.stdout().match(pattern);
    if (match !== null) return match;
    if (ended || Date.now() > deadline) {
      const done = ended ? await run.finished : null;
      throw new Error(`no ${pattern} in the output:\n${run.stdout()}\n${done?.stderr ?? ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function freePort(): Promise<number> {
  const hub = await BusHub.listen();
  const port = hub.port;
  await hub.close();
  return port;
}

describe('bulkhead start: the CAN bus hub on the demo (QEMU)', function () {
  this.timeout(300_000);
  let start: Running | undefined;
  let port = 0;

  before(async () => {
    requireQemuForTests();
    port = await freePort();
    start = bulkhead(['start', '--duration', '120', '--can-port', String(port)]);
    const printed = await waitFor(start, /virtual CAN \(SLCAN\) on UART1: tcp 127\.0\.0\.1:(\d+)/, 180_000);
    assert.equal(Number(printed[1]), port, '--can-port honoured');
    await waitFor(start, /^\[diag\] diag: UDS server\b/m, 60_000);
  });
  after(async () => {
    if (start === undefined) return;
    start.child.kill('SIGINT');
    const done = await start.finished;
    assert.equal(done.code, 0, done.stderr);
  });

  it('prints the hub port with --can-port, the DBC and a python-can line', () => {
    const out = start!.stdout();
    assert.match(out, new RegExp(`can dump --port ${port} --dbc systems/demo\\.dbc\\n`));
    assert.match(out, /bus hub, up to 32 clients at once; from --can-port/);
    assert.match(
      out,
      new RegExp(`(\\S+python\\S*|python-can: no interpreter).*socket://127\\.0\\.0\\.1:${port}`),
    );
  });

  it('serves two can dumps and a UDS tester at once: all see the bus, the answer is right', async () => {
    const dumpArgs = ['can', 'dump', '--port', String(port), '--duration', '6', '--dbc', 'systems/demo.dbc'];
    const dumps = [bulkhead(dumpArgs), bulkhead(dumpArgs)];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const uds = await bulkhead(['uds', 'read', 'vin', '--port', String(port)]).finished;
    assert.equal(uds.code, 0, uds.stderr);
    assert.match(uds.stdout, /WBULKHEAD0DEMO001/);
    for (const dump of dumps) {
      const { code, stdout, stderr } = await dump.finished;
      assert.equal(code, 0, stderr);
      const speed = stdout.match(/ vcan 100#[0-9A-F]{16} ; VehicleSpeed: Speed=\d+\.\d\d km\/h .*Mode=\w+/g);
      assert.ok(speed !== null && speed.length >= 10, `speed frames decoded:\n${stdout}`);
      assert.match(stdout, / vcan 7E0#0322F190[0-9A-F]* ; DiagRequest: /, 'the tester request');
      assert.match(stdout, / vcan 7E8#10[0-9A-F]{2}62F190/, "the diagnostic guest's first frame");
    }
  });

  it('a client over the limit is refused at once with the reason, never left waiting', async () => {
    const served: SlcanClient[] = [];
    try {
      for (let i = 0; i < 32; i++) served.push(await SlcanClient.connect('127.0.0.1', port));
      const extra = await SlcanClient.connect('127.0.0.1', port);
      const started = Date.now();
      await assert.rejects(extra.version(), /refused this client: too many clients/);
      assert.ok(Date.now() - started < 1000, 'answered at once');
      await extra.end();
    } finally {
      await Promise.all(served.map((c) => c.end()));
    }
  });
});

describe('bulkhead start: the CAN bus port from the environment, and a taken port', function () {
  this.timeout(300_000);
  let blocker: Server | undefined;
  before(() => requireQemuForTests());
  after(() => new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve())));

  it('BULKHEAD_CAN_PORT is honoured', async () => {
    const port = await freePort();
    const run = bulkhead(['start', '--duration', '3'], { ...process.env, BULKHEAD_CAN_PORT: String(port) });
    const done = await run.finished;
    assert.equal(done.code, 0, done.stderr);
    assert.match(
      done.stdout,
      new RegExp(`tcp 127\\.0\\.0\\.1:${port} \\(bus hub.*from BULKHEAD_CAN_PORT\\)`),
    );
  });

  it('a port another program holds: exit 2, the message names the port and the option', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const done = await bulkhead(['start', '--can-port', String(port), '--duration', '3']).finished;
    assert.equal(done.code, 2);
    assert.match(done.stderr, new RegExp(`CAN bus port ${port} \\(from --can-port\\) is already in use`));
    assert.match(done.stderr, /--can-port N or BULKHEAD_CAN_PORT=N/);
    const bad = await bulkhead(['start', '--can-port', 'seven']).finished;
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--can-port 'seven' is not a TCP port/);
  });
});
