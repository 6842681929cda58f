// Job: the dashboard's local web server: serves the page (dashboard/page, bundled with esbuild when the
// server starts) over HTTP on the loopback interface and pushes `ServerMessage`s to every open page over
// a WebSocket (the `ws` library); a page that opens late first receives what happened so far (a bounded
// history). Control requests from a page are checked and handed to the `DashboardControls` the caller
// gave, and their answers go back to that page.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { WebSocketServer, type WebSocket } from 'ws';

import { controlRequestError, type ControlRequest, type ServerMessage } from './messages.ts';

const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'page');
const HOST = '127.0.0.1';
/** Messages kept for pages that open later (the oldest go first). */
const HISTORY_LIMIT = 50_000;

/** What the page's controls do; each resolves to a line for the page or rejects with the reason. */
export interface DashboardControls {
  restartVm(vm: string): Promise<string>;
  switchPlan(plan: string): Promise<string>;
  injectSensorDropout(periods: number): Promise<string>;
  pause(): Promise<string>;
  resume(): Promise<string>;
}

export interface DashboardOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  controls: DashboardControls;
}

/** Bundles the page's TypeScript (and the plotting library it imports) into one script. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [join(PAGE_DIR, 'app.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

function runControl(controls: DashboardControls, request: ControlRequest): Promise<string> {
  switch (request.control) {
    case 'restart-vm':
      return controls.restartVm(request.vm);
    case 'switch-plan':
      return controls.switchPlan(request.plan);
    case 'sensor-dropout':
      return controls.injectSensorDropout(request.periods);
    case 'pause':
      return controls.pause();
    case 'resume':
      return controls.resume();
  }
}

export class DashboardServer {
  private readonly history: string[] = [];
  private hello: string | null = null;

  private constructor(
    private readonly http: Server,
    private readonly sockets: WebSocketServer,
    readonly url: string,
  ) {}

  /** Starts the server; rejects naming the port when it cannot listen. */
  static async start(options: DashboardOptions): Promise<DashboardServer> {
    const files: Record<string, { type: string; body: string }> = {
      '/': { type: 'text/html; charset=utf-8', body: readFileSync(join(PAGE_DIR, 'index.html'), 'utf8') },
      '/style.css': {
        type: 'text/css; charset=utf-8',
        body: readFileSync(join(PAGE_DIR, 'style.css'), 'utf8'),
      },
      '/app.js': { type: 'text/javascript; charset=utf-8', body: await bundlePage() },
    };
    const http = createServer((request: IncomingMessage, response: ServerResponse) => {
      const path = (request.url ?? '/').split('?')[0];
      if (path === '/favicon.ico') {
        response.writeHead(204).end();
        return;
      }
      const file = files[path];
      if (request.method !== 'GET' || file === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
    });
    const port = options.port ?? 0;
    await new Promise<void>((resolveListen, reject) => {
      http.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new Error(
            error.code === 'EADDRINUSE'
              ? `dashboard port ${port} is taken by another program (choose another with --dashboard-port)`
              : `dashboard cannot listen on ${HOST}:${port}: ${error.message}`,
          ),
        ),
      );
      http.listen(port, HOST, () => resolveListen());
    });
    const address = http.address();
    const actualPort = typeof address === 'object' && address !== null ? address.port : port;
    const sockets = new WebSocketServer({ server: http, path: '/ws' });
    const server = new DashboardServer(http, sockets, `http://${HOST}:${actualPort}/`);
    sockets.on('connection', (socket: WebSocket) => server.accept(socket, options.controls));
    return server;
  }

  private accept(socket: WebSocket, controls: DashboardControls): void {
    if (this.hello !== null) socket.send(this.hello);
    for (const text of this.history) socket.send(text);
    socket.on('message', (data) => {
      let request: unknown;
      try {
        request = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '');
      } catch {
        request = null;
      }
      const error = controlRequestError(request);
      const id =
        typeof (request as { id?: unknown } | null)?.id === 'number' ? (request as { id: number }).id : -1;
      const answer = (ok: boolean, text: string): void => {
        if (socket.readyState === socket.OPEN)
          socket.send(JSON.stringify({ t: 'control-result', id, ok, text } satisfies ServerMessage));
      };
      if (error !== null) {
        answer(false, error);
        return;
      }
      runControl(controls, request as ControlRequest).then(
        (text) => answer(true, text),
        (failure: unknown) => answer(false, failure instanceof Error ? failure.message : String(failure)),
      );
    });
  }

  /** Sends `message` to every open page and keeps it for pages that open later. */
  publish(message: ServerMessage): void {
    const text = JSON.stringify(message);
    if (message.t === 'hello') this.hello = text;
    else {
      this.history.push(text);
      if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    }
    for (const socket of this.sockets.clients) if (socket.readyState === socket.OPEN) socket.send(text);
  }

  /** Pages connected now. */
  get pageCount(): number {
    return this.sockets.clients.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets.clients) socket.terminate();
    await new Promise<void>((resolveClose) => this.sockets.close(() => resolveClose()));
    await new Promise<void>((resolveClose) => this.http.close(() => resolveClose()));
  }
}
