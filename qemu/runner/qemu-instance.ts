// Job: one running QEMU process and everything attached to it: UART0 over its stdio, the TCP UART
// channels, the overall timeout, and its end (wait/kill). Created by launch.ts once QEMU listens on
// all its ports.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { TcpChannel } from './tcp-channel.ts';
import { TextChannel, type ExpectOptions, type Pattern } from './text-channel.ts';

export type ChannelName = 'uart0' | 'uart1' | 'uart2' | 'uart3' | 'uart4';

/** TCP ports of UART1..n-1; a UART captured to a file (LaunchOptions.uartFiles) has none. */
export interface UartPorts {
  uart1?: number;
  uart2?: number;
  uart3?: number;
  uart4?: number;
  [channel: string]: number | undefined;
}

export interface RunResult {
  /** QEMU's exit status: the semihosting exit code when the firmware exits that way. */
  exitCode: number | null;
  /** The signal that ended QEMU (e.g. after kill()), or null. */
  signal: NodeJS.Signals | null;
  /** Everything UART0 printed. */
  output: string;
  /** QEMU's own diagnostics. */
  stderr: string;
}

export interface GdbStub {
  port: number;
  /** The command that attaches a debugger to this instance. */
  command: string;
}

export interface ChannelExpectOptions extends ExpectOptions {
  /** Which UART to watch; default `uart0`. UART1..3 are connected on first use. */
  channel?: ChannelName;
}

const gracefulStopMs = 2000;
const stderrLimit = 64 * 1024;

export class QemuInstance {
  readonly uart0: TextChannel = new TextChannel('uart0');
  readonly pid: number;
  private stderrText = '';
  private readonly tcpChannels = new Map<string, Promise<TcpChannel>>();
  private overallTimer: NodeJS.Timeout | undefined;
  private timeoutError: Error | null = null;
  private result: RunResult | null = null;
  private readonly closed: Promise<RunResult>;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly command: string,
    readonly ports: UartPorts,
    readonly gdb: GdbStub | undefined,
    echo: NodeJS.WritableStream | undefined,
  ) {
    if (child.pid === undefined) throw new Error('QEMU did not start (no pid)');
    this.pid = child.pid;
    child.stdout.on('data', (bytes: Buffer) => {
      this.uart0.push(bytes);
      echo?.write(bytes);
    });
    child.stderr.on('data', (bytes: Buffer) => {
      this.stderrText = (this.stderrText + bytes.toString('utf8')).slice(-stderrLimit);
    });
    child.stdin.on('error', () => undefined); // QEMU gone while we were writing: reported by wait()
    this.closed = new Promise((resolvePromise) => {
      child.once('close', (code, signal) => {
        clearTimeout(this.overallTimer);
        this.result = { exitCode: code, signal, output: this.uart0.output(), stderr: this.stderrText };
        this.uart0.close(this.timeoutError?.message.split(';')[0] ?? this.describeEnd());
        for (const pending of this.tcpChannels.values())
          pending.then(
            (channel) => channel.close(),
            () => undefined,
          );
        resolvePromise(this.result);
      });
    });
  }

  private describeEnd(): string {
    const r = this.result!;
    return r.signal !== null
      ? `QEMU (pid ${this.pid}) was stopped by ${r.signal}`
      : `QEMU (pid ${this.pid}) exited with code ${r.exitCode}`;
  }

  /** Arms the overall timeout: when it fires QEMU is killed and wait() rejects. */
  armTimeout(timeoutMs: number): void {
    this.overallTimer = setTimeout(() => {
      if (this.result !== null) return;
      this.timeoutError = new Error(
        `QEMU (pid ${this.pid}) timed out after ${timeoutMs} ms and was killed; last UART0 output:\n${this.uart0.tail()}`,
      );
      this.child.kill('SIGKILL');
    }, timeoutMs);
  }

  /** The error of an overall timeout that killed QEMU, or null. */
  get timedOut(): Error | null {
    return this.timeoutError;
  }

  get exited(): boolean {
    return this.result !== null;
  }

  /** QEMU's stderr so far. */
  stderr(): string {
    return this.stderrText;
  }

  /** Text received on a channel so far (default UART0). */
  output(channel: ChannelName = 'uart0'): string {
    if (channel === 'uart0') return this.uart0.output();
    throw new Error(`output(${channel}): use (await connect('${channel}')).output() for TCP channels`);
  }

  /** Sends bytes to the firmware on UART0. */
  send(data: string | Uint8Array): void {
    this.child.stdin.write(data);
  }

  /** Opens (once) a TCP client to UART1..n-1 and returns it. */
  connect(channel: ChannelName): Promise<TcpChannel> {
    if (channel === 'uart0') throw new Error(`connect(uart0): UART0 is QEMU's stdio; use expect()/send()`);
    const port = this.ports[channel];
    if (port === undefined) {
      throw new Error(
        `connect(${String(channel)}): this UART has no TCP port (no such UART, or captured to a file)`,
      );
    }
    let pending = this.tcpChannels.get(channel);
    if (pending === undefined) {
      pending = TcpChannel.open(channel, port);
      this.tcpChannels.set(channel, pending);
    }
    return pending;
  }

  /** Waits for a pattern on a channel (default UART0); see TextChannel.expect. */
  async expect(pattern: Pattern, options: ChannelExpectOptions = {}): Promise<RegExpMatchArray> {
    const { channel = 'uart0', ...expectOptions } = options;
    if (channel === 'uart0') return this.uart0.expect(pattern, expectOptions);
    return (await this.connect(channel)).expect(pattern, expectOptions);
  }

  /** Resolves when QEMU has ended; rejects if the overall timeout killed it. */
  async wait(): Promise<RunResult> {
    const result = await this.closed;
    if (this.timeoutError !== null) throw this.timeoutError;
    return result;
  }

  /**
   * Stops QEMU (SIGTERM, then SIGKILL after a grace period) and resolves once it is gone and reaped.
   * Never rejects; safe to call any number of times, also after QEMU ended by itself.
   */
  async kill(): Promise<RunResult> {
    if (this.result === null) {
      this.child.kill('SIGTERM');
      const escalate = setTimeout(() => this.child.kill('SIGKILL'), gracefulStopMs);
      await this.closed;
      clearTimeout(escalate);
    }
    return this.closed;
  }
}
