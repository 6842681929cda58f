// Job: the bus hub's one connection to the guest side of the virtual CAN bus (the hypervisor's bus
// UART as QEMU serves it over TCP, a single-client socket). It connects, waits until the hypervisor
// answers (bytes sent before it set the UART up are lost, so `V` is retried), opens the channel with
// bus timestamps (`C`, `S6`, `Z1`, `O`), and then relays: frames the VMs send arrive as events with
// the bus's millisecond stamp, frames from host clients are sent and acknowledged one by one, and the
// bus's status flags are read on request.
import { EventEmitter } from 'node:events';
import { SlcanClient, SlcanCommandError } from '../slcan/client.ts';
import type { CanMessage } from '../slcan/can-frame.ts';

export interface GuestLinkOptions {
  /** How long to keep trying until the hypervisor answers (default 30000 ms). */
  readyTimeoutMs?: number;
  /** Time allowed for each reply once the bus answers (default 1500 ms). */
  replyTimeoutMs?: number;
}

const SYNC_TRY_MS = 500;
/** After the first answer, late replies to earlier tries are let through before the channel opens. */
const SETTLE_MS = 300;

export class GuestLink extends EventEmitter<{ frame: [CanMessage]; close: [] }> {
  private constructor(private readonly client: SlcanClient) {
    super();
    client.on('frame', (frame) => this.emit('frame', frame));
    client.on('close', () => this.emit('close'));
  }

  /** Connects to the bus UART at `host:port` and opens the channel; rejects naming the port when the
   *  bus does not answer within the ready timeout. */
  static async open(host: string, port: number, options: GuestLinkOptions = {}): Promise<GuestLink> {
    const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
    const deadline = Date.now() + readyTimeoutMs;
    // A short per-command timeout while the hypervisor may still be booting.
    const client = await SlcanClient.connect(host, port, {
      timeoutMs: SYNC_TRY_MS,
      queueFrames: false,
    });
    try {
      for (;;) {
        try {
          await client.version();
          break;
        } catch (err) {
          if (!(err instanceof SlcanCommandError) || !err.message.includes('within')) throw err;
          if (Date.now() > deadline)
            throw new Error(
              `the bus UART at ${host}:${port} gave no SLCAN answer within ${readyTimeoutMs} ms`,
            );
        }
      }
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      client.timeoutMs = options.replyTimeoutMs ?? 1500;
      await client.open({ bitrate: 500_000, timestamps: true });
    } catch (err) {
      await client.end();
      throw err;
    }
    return new GuestLink(client);
  }

  /** Sends a frame; true when the bus acknowledged it, false when it refused it (BEL). Rejects when no
   *  reply came or the connection is gone. */
  async send(frame: CanMessage): Promise<boolean> {
    try {
      await this.client.send(frame);
      return true;
    } catch (err) {
      if (err instanceof SlcanCommandError && err.message.includes('(BEL)')) return false;
      throw err;
    }
  }

  /** The bus's status flags (`F`), cleared by reading. */
  status(): Promise<number> {
    return this.client.status();
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
