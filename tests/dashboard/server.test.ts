// Job: the dashboard server over real sockets: serves the page and its bundled script, pushes published
// messages to a WebSocket client (history first for a late client), hands checked control requests to
// the controls and answers bad ones with the reason, and names a taken port.
import { strict as assert } from 'node:assert';

import WebSocket from 'ws';

import { DashboardServer, type DashboardControls } from '../../dashboard/server.ts';
import type { ServerMessage } from '../../dashboard/messages.ts';

function controls(log: string[]): DashboardControls {
  return {
    restartVm: (vm) => (log.push(`restart ${vm}`), Promise.resolve(`restarting ${vm}`)),
    switchPlan: (plan) => Promise.reject(new Error(`no plan '${plan}'`)),
    injectSensorDropout: (periods) => (log.push(`dropout ${periods}`), Promise.resolve('ok')),
    pause: () => Promise.resolve('paused'),
    resume: () => Promise.resolve('resumed'),
  };
}

/** Opens a client and collects what it receives. */
async function client(
  url: string,
): Promise<{ socket: WebSocket; received: ServerMessage[]; next: (t: string) => Promise<ServerMessage> }> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}ws`);
  const received: ServerMessage[] = [];
  const waiters: { t: string; resolve: (m: ServerMessage) => void }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '') as ServerMessage;
    received.push(message);
    const index = waiters.findIndex((w) => w.t === message.t);
    if (index >= 0) waiters.splice(index, 1)[0].resolve(message);
  });
  await new Promise((resolveOpen, reject) => socket.once('open', resolveOpen).once('error', reject));
  const next = (t: string): Promise<ServerMessage> =>
    new Promise((resolveNext) => waiters.push({ t, resolve: resolveNext }));
  return { socket, received, next };
}

describe('dashboard: server', function () {
  this.timeout(60_000);
  let server: DashboardServer;
  const log: string[] = [];
  before(async () => {
    server = await DashboardServer.start({ controls: controls(log) });
  });
  after(() => server.close());

  it('serves the page, its style and the bundled script; 404 for anything else', async () => {
    const page = await fetch(server.url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script src="\/app.js">/);
    const script = await fetch(`${server.url}app.js`);
    assert.equal(script.status, 200);
    assert.ok((await script.text()).length > 10_000, 'the script bundles the plotting library');
    assert.equal((await fetch(`${server.url}style.css`)).status, 200);
    assert.equal((await fetch(`${server.url}etc/passwd`)).status, 404);
  });

  it('sends hello and the history to a late client, then live messages', async () => {
    server.publish({
      t: 'hello',
      system: 'demo',
      board: 'realview-eb',
      vms: [{ index: 0, name: 'control' }],
      plans: [],
      traceFile: null,
    });
    server.publish({ t: 'console', line: 'before' });
    const late = await client(server.url);
    const live = late.next('time');
    server.publish({ t: 'time', virtualUs: 1234, paused: false });
    await live;
    assert.deepEqual(
      late.received.map((m) => m.t),
      ['hello', 'console', 'time'],
    );
    late.socket.close();
  });

  it('runs checked controls and answers bad requests with the reason', async () => {
    const page = await client(server.url);
    let answer = page.next('control-result');
    page.socket.send(JSON.stringify({ control: 'restart-vm', id: 7, vm: 'control' }));
    assert.deepEqual(await answer, { t: 'control-result', id: 7, ok: true, text: 'restarting control' });
    answer = page.next('control-result');
    page.socket.send(JSON.stringify({ control: 'switch-plan', id: 8, plan: 'x' }));
    assert.deepEqual(await answer, { t: 'control-result', id: 8, ok: false, text: "no plan 'x'" });
    answer = page.next('control-result');
    page.socket.send(JSON.stringify({ control: 'sensor-dropout', id: 9, periods: -1 }));
    assert.match(((await answer) as { text: string }).text, /periods from 1 to 1000/);
    answer = page.next('control-result');
    page.socket.send('not json');
    const bad = (await answer) as { ok: boolean; text: string };
    assert.equal(bad.ok, false);
    assert.match(bad.text, /JSON object/);
    assert.deepEqual(log, ['restart control']);
    page.socket.close();
  });

  it('names a taken port', async () => {
    const port = Number(new URL(server.url).port);
    await assert.rejects(
      DashboardServer.start({ port, controls: controls([]) }),
      new RegExp(`port ${port} is taken`),
    );
  });
});
