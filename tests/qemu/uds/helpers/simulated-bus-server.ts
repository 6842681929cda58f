// Job: serve the bus UART of a Node-simulated system on a real TCP socket, as QEMU serves UART1: bytes
// from the client go into the simulated UART (the hypervisor core's SLCAN parser and virtual CAN bus),
// and what the core writes to that UART goes back to the client. A pump runs the simulated machine's
// ticks on wall time (`ticksPerMs`, as fast as the machine manages when it cannot keep up), so host
// tools with wall-clock timeouts (the SLCAN client, the host ISO-TP, the UDS client) work against it.
import { createServer, type Server, type Socket } from 'node:net';

/** What the server needs of a simulated machine (firmware/sim/machine.ts `SimMachine`). */
export interface SimulatedUartMachine {
  readonly ticks: number;
  tick(): void;
  uart(uart: number): string;
  sim: { uartSend(uart: number, data: string | Uint8Array | number[]): void };
}

/** Ticks run per pump turn at most (keeps the event loop responsive). */
const MAX_TICKS_PER_TURN = 25;

export class SimulatedBusServer {
  private readonly server: Server;
  private socket: Socket | null = null;
  private sentUpTo = 0;
  private readonly pump: NodeJS.Timeout;
  private readonly startedMs = performance.now();
  private readonly startTick: number;
  /** Actions to run on the machine between ticks (e.g. a fault injection), in order. */
  private readonly between: (() => void)[] = [];

  private constructor(
    readonly machine: SimulatedUartMachine,
    readonly uart: number,
    readonly ticksPerMs: number,
    readonly port: number,
    server: Server,
  ) {
    this.server = server;
    this.startTick = machine.ticks;
    this.sentUpTo = machine.uart(uart).length;
    server.on('connection', (socket) => this.accept(socket));
    this.pump = setInterval(() => this.turn(), 1);
  }

  /** Listens on a free loopback port. */
  static async start(
    machine: SimulatedUartMachine,
    uart: number,
    ticksPerMs = 2,
  ): Promise<SimulatedBusServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP port for the simulated bus');
    return new SimulatedBusServer(machine, uart, ticksPerMs, address.port, server);
  }

  /** Runs `action` on the machine before the next tick. */
  inject(action: () => void): void {
    this.between.push(action);
  }

  private accept(socket: Socket): void {
    // One client at a time, like QEMU's chardev server.
    if (this.socket !== null) {
      socket.destroy();
      return;
    }
    this.socket = socket;
    this.sentUpTo = this.machine.uart(this.uart).length;
    socket.setNoDelay(true);
    socket.on('data', (bytes: Buffer) => this.machine.sim.uartSend(this.uart, Uint8Array.from(bytes)));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
    });
  }

  private turn(): void {
    const due =
      Math.floor((performance.now() - this.startedMs) * this.ticksPerMs) -
      (this.machine.ticks - this.startTick);
    for (let i = 0; i < Math.min(due, MAX_TICKS_PER_TURN); i++) {
      for (let action = this.between.shift(); action !== undefined; action = this.between.shift()) action();
      this.machine.tick();
    }
    const text = this.machine.uart(this.uart);
    if (text.length > this.sentUpTo) {
      const fresh = text.slice(this.sentUpTo);
      this.sentUpTo = text.length;
      this.socket?.write(Buffer.from(fresh, 'latin1'));
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.pump);
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
