// Job: a small client of the GDB remote serial protocol, enough to drive QEMU's gdb stub (`-gdb tcp:…`)
// from Node: packet framing (`$data#checksum`, escapes, run-length encoding), one command at a time
// with its reply, software/hardware breakpoints and watchpoints (`Z0`..`Z4`), memory reads (`m`), register reads and writes (`p`, `P`), `c` (continue)
// and `s` (step) with the stop reply each ends in, the halt reason (`?`), and several packets sent in
// one write when no reply needs waiting for (read PC, set PC, continue). Protocol reference: the GDB
// manual, appendix "GDB Remote Serial Protocol" ("Overview", "Packets", "Stop Reply Packets").
import { connect as tcpConnect, type Socket } from 'node:net';

import { loopbackHost } from './command-line.ts';

const CONNECT_WINDOW_MS = 3000;
const CONNECT_RETRY_MS = 25;
/** How long an ordinary command may wait for its reply. */
const COMMAND_TIMEOUT_MS = 10_000;

/** Why the target stopped, from a stop reply packet (`S`, `T`, `W`, `X`). */
export interface StopReply {
  /** The packet as received. */
  raw: string;
  /** GDB signal number (5 = SIGTRAP for breakpoints and watchpoints); null when the target ended. */
  signal: number | null;
  /** For a watchpoint hit: the address accessed. */
  watchAddress: number | null;
  /** For `W`/`X`: the process (QEMU's machine) ended, with this exit status or signal. */
  ended: boolean;
}

export type WatchKind = 'write' | 'read' | 'access';
const WATCH_TYPE: Record<WatchKind, number> = { write: 2, read: 3, access: 4 };

/** Checksum of a packet's data: sum of its bytes modulo 256, two lower-case hex digits. */
export function packetChecksum(data: string): string {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum = (sum + data.charCodeAt(i)) & 0xff;
  return sum.toString(16).padStart(2, '0');
}

/** `$data#cs`, with `$ # } *` in the data escaped (`}` then the byte XOR 0x20). */
export function encodePacket(data: string): string {
  const escaped = data.replace(/[$#}*]/g, (c) => `}${String.fromCharCode(c.charCodeAt(0) ^ 0x20)}`);
  return `$${escaped}#${packetChecksum(escaped)}`;
}

/** The data of a received packet body (between `$` and `#`): escapes and run-length encoding undone. */
export function decodePacketBody(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '}' && i + 1 < body.length) {
      out += String.fromCharCode(body.charCodeAt(++i) ^ 0x20);
    } else if (c === '*' && out.length > 0 && i + 1 < body.length) {
      // Run-length encoding: the previous character repeated (count char - 29) more times.
      out += out[out.length - 1].repeat(body.charCodeAt(++i) - 29);
    } else {
      out += c;
    }
  }
  return out;
}

/** Parses a stop reply packet; throws naming the packet when it is not one. */
export function parseStopReply(packet: string): StopReply {
  const kind = packet[0];
  if (kind === 'W' || kind === 'X') return { raw: packet, signal: null, watchAddress: null, ended: true };
  if ((kind === 'S' || kind === 'T') && /^[0-9a-fA-F]{2}/.test(packet.slice(1, 3))) {
    let watchAddress: number | null = null;
    if (kind === 'T') {
      for (const pair of packet.slice(3).split(';')) {
        const [name, value] = pair.split(':');
        if ((name === 'watch' || name === 'rwatch' || name === 'awatch') && value !== undefined)
          watchAddress = parseInt(value, 16);
      }
    }
    return { raw: packet, signal: parseInt(packet.slice(1, 3), 16), watchAddress, ended: false };
  }
  throw new Error(`gdb stub: '${packet}' is not a stop reply`);
}

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

interface PendingReply {
  resolve: (packet: string) => void;
  reject: (error: Error) => void;
}

/**
 * One connection to a gdb stub. Commands are queued and answered in order. This side never sends
 * acknowledgements (`+`): QEMU's stub (which offers no QStartNoAckMode) never waits for one and drops
 * its pending reply when the next packet starts, while any byte that reaches it when the machine runs
 * stops the machine, so an acknowledgement of a reply that comes after a `c` would stop the run. Over a
 * loopback TCP connection nothing is lost or corrupted; a bad checksum fails the command.
 */
export class GdbRemote {
  private received = '';
  private closedError: Error | null = null;
  private readonly pending: PendingReply[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly port: number,
    private readonly socket: Socket,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (bytes: Buffer) => this.onData(bytes.toString('latin1')));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.fail(new Error(`gdb stub on port ${port}: connection closed`)));
  }

  /** Connects to the stub on 127.0.0.1:`port` (retrying briefly) and turns acknowledgements off. */
  static async connect(port: number): Promise<GdbRemote> {
    const deadline = Date.now() + CONNECT_WINDOW_MS;
    let socket: Socket;
    for (;;) {
      try {
        socket = await connectOnce(port);
        break;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`cannot connect to the gdb stub on port ${port}: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, CONNECT_RETRY_MS));
      }
    }
    const remote = new GdbRemote(port, socket);
    await remote.command('qSupported');
    return remote;
  }

  private fail(error: Error): void {
    if (this.closedError !== null) return;
    this.closedError = error;
    for (const waiter of this.pending.splice(0)) waiter.reject(error);
  }

  private onData(text: string): void {
    this.received += text;
    for (;;) {
      // Acknowledgements and anything before a packet start carry nothing we need.
      const start = this.received.indexOf('$');
      if (start < 0) {
        this.received = '';
        return;
      }
      const end = this.received.indexOf('#', start);
      if (end < 0 || end + 3 > this.received.length) {
        this.received = this.received.slice(start);
        return;
      }
      const body = this.received.slice(start + 1, end);
      const checksum = this.received.slice(end + 1, end + 3);
      this.received = this.received.slice(end + 3);
      const waiter = this.pending.shift();
      if (checksum.toLowerCase() !== packetChecksum(body)) {
        waiter?.reject(new Error(`gdb stub on port ${this.port}: packet '${body}' has a bad checksum`));
        continue;
      }
      // A packet nobody waits for (a late notification) is dropped.
      waiter?.resolve(decodePacketBody(body));
    }
  }

  /** Sends `packets` in one write (the stub handles them in order) and resolves each with its reply;
   *  a timeout (ms, or null for none) applies to each. Batches never interleave. */
  private exchangeBatch(packets: readonly string[], timeoutMs: number | null): Promise<string>[] {
    const settlers: PendingReply[] = [];
    const replies = packets.map(
      (_, i) =>
        new Promise<string>((resolvePromise, reject) => {
          settlers[i] = { resolve: resolvePromise, reject };
        }),
    );
    const run = (): Promise<unknown> => {
      if (this.closedError !== null) {
        for (const settler of settlers) settler.reject(this.closedError);
        return Promise.resolve();
      }
      packets.forEach((data, i) => {
        const timer =
          timeoutMs === null
            ? undefined
            : setTimeout(() => {
                const index = this.pending.indexOf(waiter);
                if (index >= 0) this.pending.splice(index, 1);
                settlers[i].reject(
                  new Error(`gdb stub on port ${this.port}: no reply to '${data}' in ${timeoutMs} ms`),
                );
              }, timeoutMs);
        const waiter: PendingReply = {
          resolve: (packet) => {
            clearTimeout(timer);
            settlers[i].resolve(packet);
          },
          reject: (error) => {
            clearTimeout(timer);
            settlers[i].reject(error);
          },
        };
        this.pending.push(waiter);
      });
      this.socket.write(packets.map(encodePacket).join(''));
      return Promise.allSettled(replies);
    };
    this.queue = this.queue.then(run, run);
    for (const reply of replies) reply.catch(() => undefined);
    return replies;
  }

  /** Sends one packet and resolves with the next packet the stub sends (its reply). */
  private exchange(data: string, timeoutMs: number | null): Promise<string> {
    return this.exchangeBatch([data], timeoutMs)[0];
  }

  /** Sends a command and returns its reply; an `Enn` reply is thrown as an error naming the command. */
  async command(data: string): Promise<string> {
    const reply = await this.exchange(data, COMMAND_TIMEOUT_MS);
    if (/^E[0-9a-fA-F]{2}$/.test(reply)) throw new Error(`gdb stub: '${data}' failed with ${reply}`);
    return reply;
  }

  private async expectOk(data: string): Promise<void> {
    const reply = await this.command(data);
    if (reply !== 'OK') throw new Error(`gdb stub: '${data}' answered '${reply || '(empty: unsupported)'}'`);
  }

  /** Why the target is stopped now (`?`). */
  async haltReason(): Promise<StopReply> {
    return parseStopReply(await this.command('?'));
  }

  /** A breakpoint at `address` (`Z1` hardware, `Z0` software; QEMU's TCG treats both alike). */
  insertBreakpoint(address: number, hardware = true): Promise<void> {
    return this.expectOk(`Z${hardware ? 1 : 0},${address.toString(16)},4`);
  }

  /** A watchpoint on `length` bytes at `address`; the target stops right after the access. */
  insertWatchpoint(kind: WatchKind, address: number, length: number): Promise<void> {
    return this.expectOk(`Z${WATCH_TYPE[kind]},${address.toString(16)},${length.toString(16)}`);
  }

  removeWatchpoint(kind: WatchKind, address: number, length: number): Promise<void> {
    return this.expectOk(`z${WATCH_TYPE[kind]},${address.toString(16)},${length.toString(16)}`);
  }

  /** `length` bytes at `address` as the stopped CPU sees them (device registers are read too). */
  async readMemory(address: number, length: number): Promise<Buffer> {
    const reply = await this.command(`m${address.toString(16)},${length.toString(16)}`);
    if (!/^([0-9a-fA-F]{2})*$/.test(reply) || reply.length !== length * 2)
      throw new Error(`gdb stub: reading ${length} bytes at 0x${address.toString(16)} answered '${reply}'`);
    return Buffer.from(reply, 'hex');
  }

  /** The little-endian 32-bit word at `address`. */
  async readWord(address: number): Promise<number> {
    return (await this.readMemory(address, 4)).readUInt32LE(0);
  }

  /** Register `number` in the target's gdb numbering (on Arm, 15 is the PC), little-endian 32 bits. */
  async readRegister(number: number): Promise<number> {
    const reply = await this.command(`p${number.toString(16)}`);
    if (!/^[0-9a-fA-F]{8}/.test(reply)) throw new Error(`gdb stub: register ${number} answered '${reply}'`);
    return Buffer.from(reply.slice(0, 8), 'hex').readUInt32LE(0);
  }

  /**
   * Reads the PC (`p`, register `pcRegister`), sets it to `pc` (`P`) and resumes (`c`), all in one
   * write, so resuming costs no round trip: `pcBefore` is the PC the target had stopped at (known only
   * after the target runs again), `stop` the stop reply that ends the run.
   */
  resumeAt(pcRegister: number, pc: number): { pcBefore: Promise<number>; stop: Promise<StopReply> } {
    const value = Buffer.alloc(4);
    value.writeUInt32LE(pc >>> 0, 0);
    const reg = pcRegister.toString(16);
    const [read, write, run] = this.exchangeBatch([`p${reg}`, `P${reg}=${value.toString('hex')}`, 'c'], null);
    const pcBefore = read.then((reply) => {
      if (!/^[0-9a-fA-F]{8}/.test(reply)) throw new Error(`gdb stub: register ${reg} answered '${reply}'`);
      return Buffer.from(reply.slice(0, 8), 'hex').readUInt32LE(0);
    });
    const stop = write.then(async (reply) => {
      if (reply !== 'OK') throw new Error(`gdb stub: setting register ${reg} answered '${reply}'`);
      return parseStopReply(await run);
    });
    pcBefore.catch(() => undefined);
    stop.catch(() => undefined);
    return { pcBefore, stop };
  }

  /** Resumes the target (`c`) and resolves with the stop reply it sends when it stops again. */
  async continueToStop(): Promise<StopReply> {
    return parseStopReply(await this.exchange('c', null));
  }

  /** Closes the connection (QEMU keeps running as it is: stopped or not). */
  close(): void {
    this.fail(new Error(`gdb stub on port ${this.port}: connection closed by this side`));
    this.socket.destroy();
  }
}
