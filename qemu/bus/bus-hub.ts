// Job: the host-side hub of the virtual CAN bus: one TCP port on which any number of host clients (up
// to a limit) speak SLCAN at once, while the hub alone holds the guest's single-client bus UART (a
// `GuestLink`). Each client has its own SLCAN adapter state (client-session.ts). Every frame on the
// bus reaches every client whose channel is open: frames the VMs send, and frames another client sent
// once the bus acknowledged them (a client never gets its own frame back, as on a real bus). A client
// over the limit is told so in a notice line (`!reason`) and disconnected; a port another program
// holds is reported as a `BusPortInUseError` naming it.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { SLCAN_TIMESTAMP_MODULO } from '../../firmware/core/vcan/slcan.ts';
import { HUB_NOTICE_PREFIX } from '../slcan/client.ts';
import type { CanMessage } from '../slcan/can-frame.ts';
import { ClientSession, STATUS_DATA_OVERRUN, type BusAccess } from './client-session.ts';

/** What the hub needs from the guest's side of the bus (a `GuestLink`, or a stand-in in tests). */
export interface BusLink {
  send(frame: CanMessage): Promise<boolean>;
  status(): Promise<number>;
  on(event: 'frame', listener: (frame: CanMessage) => void): unknown;
}

export interface BusHubOptions {
  /** Address to listen on (default 127.0.0.1: the bus is for this machine only). */
  host?: string;
  /** TCP port; 0 (default) lets the kernel choose a free one. */
  port?: number;
  /** Clients served at once (default 32); one more is refused with a notice. */
  maxClients?: number;
  /** Bytes allowed to wait in a client's socket before frames for it are dropped (default 256 KiB). */
  maxBufferedBytes?: number;
  /** Where the hub reports refused clients and lost links (default: nowhere). */
  log?: (message: string) => void;
}

/** The hub's port is held by another program. */
export class BusPortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`TCP port ${port} on ${host} is already in use by another program`);
    this.name = 'BusPortInUseError';
  }
}

export interface BusHubCounters {
  /** Frames the VMs sent (arrived over the link). */
  framesFromGuest: number;
  /** Frames from clients the bus acknowledged. */
  framesFromClients: number;
  /** Frame lines not written to a client because it read too slowly (it sees data overrun in `F`). */
  framesDropped: number;
  /** Clients turned away (over the limit). */
  clientsRefused: number;
  /** Clients served so far. */
  clientsServed: number;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export class BusHub {
  private readonly sessions = new Map<Socket, ClientSession>();
  /** Host-side watchers of every frame the bus carries (the dashboard), beside the clients. */
  private readonly observers = new Set<(frame: CanMessage) => void>();
  /** Every open connection, refused ones included (closed with the hub). */
  private readonly sockets = new Set<Socket>();
  private readonly link = deferred<BusLink>();
  private lastStampMs = 0;
  private lastStampAt = 0;
  readonly counters: BusHubCounters = {
    framesFromGuest: 0,
    framesFromClients: 0,
    framesDropped: 0,
    clientsRefused: 0,
    clientsServed: 0,
  };
  readonly maxClients: number;
  private readonly maxBufferedBytes: number;
  private readonly log: (message: string) => void;

  private constructor(
    private readonly server: Server,
    readonly host: string,
    options: BusHubOptions,
  ) {
    this.maxClients = options.maxClients ?? 32;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024;
    this.log = options.log ?? (() => undefined);
    server.on('connection', (socket) => this.onConnection(socket));
  }

  /** Binds the hub's port; rejects with `BusPortInUseError` when another program has it. */
  static listen(options: BusHubOptions = {}): Promise<BusHub> {
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? 0;
    const maxClients = options.maxClients ?? 32;
    if (!Number.isInteger(maxClients) || maxClients < 1)
      return Promise.reject(new Error(`maxClients ${maxClients} must be a positive integer`));
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') reject(new BusPortInUseError(host, port));
        else reject(new Error(`cannot listen on ${host}:${port} for the CAN bus hub (${err.message})`));
      });
      server.listen({ host, port, exclusive: true }, () => {
        server.removeAllListeners('error');
        server.on('error', () => undefined);
        resolve(new BusHub(server, host, options));
      });
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Clients connected now. */
  get clientCount(): number {
    return this.sessions.size;
  }

  /** Joins the guest's side of the bus; frames sent by clients before this wait for it. */
  attach(link: BusLink): void {
    link.on('frame', (frame) => this.onGuestFrame(frame));
    this.link.resolve(link);
  }

  /** The guest's side could not be joined: frames from clients are refused (BEL) from now on. */
  fail(reason: Error): void {
    this.log(`CAN bus hub: no bus behind the hub (${reason.message})`);
    this.link.reject(reason);
  }

  /** Stops listening and disconnects every client. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.sessions.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: Socket): void {
    const name = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.on('error', () => socket.destroy());
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    if (this.sessions.size >= this.maxClients) {
      this.counters.clientsRefused++;
      const reason = `too many clients: this bus hub serves at most ${this.maxClients} at once`;
      this.log(`CAN bus hub: refused ${name} (${reason})`);
      socket.end(`${HUB_NOTICE_PREFIX}${reason}\r`);
      // A client that never closes its side is cut off once it had time to read the notice.
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    socket.setNoDelay(true);
    const session = new ClientSession(name, this.accessFor(), (bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    });
    this.sessions.set(socket, session);
    this.counters.clientsServed++;
    socket.on('data', (bytes: Buffer) => session.onBytes(bytes));
    socket.on('close', () => this.sessions.delete(socket));
  }

  private accessFor(): BusAccess {
    return {
      send: async (frame, from) => {
        let link: BusLink;
        try {
          link = await this.link.promise;
        } catch {
          return false;
        }
        let accepted: boolean;
        try {
          accepted = await link.send(frame);
        } catch {
          return false;
        }
        if (accepted) {
          this.counters.framesFromClients++;
          this.broadcast(frame, this.estimatedStampMs(), from);
        }
        return accepted;
      },
      status: async () => {
        const link = await this.link.promise;
        const flags = await link.status();
        // The bus clears its flags when read: every client gets them in its own next `F`.
        for (const session of this.sessions.values()) session.raiseFlags(flags);
        return flags;
      },
    };
  }

  private onGuestFrame(frame: CanMessage): void {
    this.counters.framesFromGuest++;
    const stamp = frame.busTimestampMs ?? this.estimatedStampMs();
    this.lastStampMs = stamp;
    this.lastStampAt = performance.now();
    this.broadcast(frame, stamp, null);
  }

  /** The bus's millisecond stamp now, from the last stamped frame and the host time since: frames from
   *  clients carry no stamp of the bus's own. */
  private estimatedStampMs(): number {
    if (this.lastStampAt === 0) return 0;
    const elapsed = Math.floor(performance.now() - this.lastStampAt);
    return (this.lastStampMs + elapsed) % SLCAN_TIMESTAMP_MODULO;
  }

  /** Calls `observer` with every frame the bus carries from now on (the guests' and the clients');
   *  returns the function that stops it. */
  observe(observer: (frame: CanMessage) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private broadcast(frame: CanMessage, stampMs: number, from: ClientSession | null): void {
    for (const observer of this.observers) observer(frame);
    for (const [socket, session] of this.sessions) {
      if (session === from || !session.listening) continue;
      if (socket.writableLength > this.maxBufferedBytes) {
        this.counters.framesDropped++;
        session.raiseFlags(STATUS_DATA_OVERRUN);
        continue;
      }
      session.deliver(frame, stampMs);
    }
  }
}
