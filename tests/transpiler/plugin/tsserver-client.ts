// A minimal client of the real tsserver (node_modules/typescript/lib/tsserver.js) for tests: spawns it,
// sends protocol requests as JSON lines, parses its `Content-Length` framed replies and matches each
// response to its request. Events are kept for assertions (e.g. plugin loading errors in the log).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';

export interface TsServerResponse {
  seq: number;
  type: 'response';
  command: string;
  request_seq: number;
  success: boolean;
  message?: string;
  body?: unknown;
}

/** A diagnostic as the protocol reports it (`semanticDiagnosticsSync` without `includeLinePosition`). */
export interface ProtocolDiagnostic {
  start: { line: number; offset: number };
  end: { line: number; offset: number };
  text: string;
  code: number;
  category: string;
  source?: string;
}

export interface TsServerOptions {
  /** Extra folders whose `node_modules` tsserver searches for plugins. */
  pluginProbeLocations?: readonly string[];
  /** tsserver's own log (verbose), useful when a plugin fails to load. */
  logFile?: string;
  cwd: string;
}

export class TsServerClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextSeq = 1;
  private readonly pending = new Map<number, (response: TsServerResponse) => void>();
  private stderrText = '';
  private exited = false;

  constructor(options: TsServerOptions) {
    const tsserverPath = createRequire(import.meta.url).resolve('typescript/lib/tsserver.js');
    const args = [tsserverPath, '--disableAutomaticTypingAcquisition'];
    if (options.pluginProbeLocations?.length)
      args.push('--pluginProbeLocations', options.pluginProbeLocations.join(','));
    if (options.logFile !== undefined) args.push('--logVerbosity', 'verbose', '--logFile', options.logFile);
    this.child = spawn(process.execPath, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString()));
    this.child.on('exit', () => {
      this.exited = true;
    });
  }

  /** Sends a request and resolves with its response (rejects after `timeoutMs` or if tsserver exits). */
  request(command: string, args: unknown, timeoutMs = 30_000): Promise<TsServerResponse> {
    const seq = this.nextSeq++;
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error(`tsserver has exited; stderr: ${this.stderrText}`));
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(
          new Error(
            `tsserver did not answer '${command}' within ${timeoutMs} ms; stderr: ${this.stderrText}`,
          ),
        );
      }, timeoutMs);
      this.pending.set(seq, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
      this.child.stdin.write(JSON.stringify({ seq, type: 'request', command, arguments: args }) + '\n');
    });
  }

  /** Sends a request that has no response (`open`, `close`). */
  notify(command: string, args: unknown): void {
    this.child.stdin.write(
      JSON.stringify({ seq: this.nextSeq++, type: 'request', command, arguments: args }) + '\n',
    );
  }

  /** Stops the server process this client started. */
  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    this.child.kill();
    await exited;
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = /Content-Length: (\d+)/.exec(this.buffer.subarray(0, headerEnd).toString());
      if (header === null) throw new Error(`tsserver sent an unframed message: ${this.buffer.toString()}`);
      const bodyStart = headerEnd + 4;
      const bodyEnd = bodyStart + Number(header[1]);
      if (this.buffer.length < bodyEnd) return;
      const message = JSON.parse(this.buffer.subarray(bodyStart, bodyEnd).toString()) as { type: string };
      this.buffer = this.buffer.subarray(bodyEnd);
      if (message.type === 'response') {
        const response = message as TsServerResponse;
        this.pending.get(response.request_seq)?.(response);
        this.pending.delete(response.request_seq);
      }
    }
  }
}
