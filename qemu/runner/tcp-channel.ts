// Job: a TCP client connection to one of QEMU's UART server sockets (UART1..3): connects with retry,
// records what the firmware sends into a TextChannel (so it supports expect), and writes bytes to
// the firmware. QEMU's server accepts one client at a time and drops UART output while no client is
// connected, so connect before the firmware talks.
import { connect as tcpConnect, type Socket } from 'node:net';
import { loopbackHost } from './command-line.ts';
import { TextChannel, type ExpectOptions, type Pattern } from './text-channel.ts';

const connectRetryWindowMs = 3000;
const connectRetryDelayMs = 25;

function connectOnce(port: number): Promise<Socket> {
  return new Promise((resolvePromise, reject) => {
    const socket = tcpConnect({ host: loopbackHost, port });
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolvePromise(socket);
    });
    socket.once('error', reject);
  });
}

export class TcpChannel {
  readonly received: TextChannel;

  private constructor(
    readonly name: string,
    readonly port: number,
    readonly socket: Socket,
  ) {
    this.received = new TextChannel(name);
    socket.on('data', (bytes: Buffer) => this.received.push(bytes));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.received.close(`the TCP connection to port ${port} closed`));
  }

  /** Connects to `port` on 127.0.0.1, retrying briefly while the server is not accepting yet. */
  static async open(name: string, port: number): Promise<TcpChannel> {
    const deadline = Date.now() + connectRetryWindowMs;
    for (;;) {
      try {
        return new TcpChannel(name, port, await connectOnce(port));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ECONNREFUSED' || Date.now() >= deadline) {
          throw new Error(`${name}: cannot connect to ${loopbackHost}:${port} (${(err as Error).message})`);
        }
        await new Promise((wake) => setTimeout(wake, connectRetryDelayMs));
      }
    }
  }

  write(data: string | Uint8Array): Promise<void> {
    return new Promise((resolvePromise, reject) =>
      this.socket.write(data, (err) =>
        err ? reject(new Error(`${this.name}: write failed (${err.message})`)) : resolvePromise(),
      ),
    );
  }

  expect(pattern: Pattern, options?: ExpectOptions): Promise<RegExpMatchArray> {
    return this.received.expect(pattern, options);
  }

  output(): string {
    return this.received.output();
  }

  close(): void {
    this.socket.destroy();
  }
}
