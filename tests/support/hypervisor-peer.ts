// The hypervisor side of the virtual CAN bus behind a real TCP socket, for the host-peer tests: the
// subset bus module (`firmware/core/vcan/bus.ts`, with its SLCAN codec) runs in Node on the tables of
// a three-VM test system; bytes from the TCP client go to `vcanOnHostByte`, and what the bus writes on
// its UART goes back over the socket. Like QEMU's serial server it serves one client at a time.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { vcanOnHostByte, vcanReset } from '../../firmware/core/vcan/bus.ts';
import { GuestMemory } from '../../firmware/sim/guest-memory.ts';
import { PortSimulation, installPortSimulation } from '../../firmware/sim/port-simulation.ts';
import { codeBase, tablesOf } from '../firmware/core/support.ts';
import { BUS_UART, busSystem } from '../firmware/core/vcan/support.ts';

class SocketBusSimulation extends PortSimulation {
  client: Socket | null = null;
  private outgoing: number[] = [];

  override uartPut(uart: number, value: number): void {
    super.uartPut(uart, value);
    if (uart !== BUS_UART || this.client === null) return;
    if (this.outgoing.length === 0) setImmediate(() => this.flush());
    this.outgoing.push(value & 0xff);
  }

  private flush(): void {
    const bytes = Buffer.from(this.outgoing);
    this.outgoing = [];
    if (this.client !== null && !this.client.destroyed) this.client.write(bytes);
  }
}

export class HypervisorBusPeer {
  readonly sim: SocketBusSimulation;
  private constructor(
    private readonly server: Server,
    sim: SocketBusSimulation,
  ) {
    this.sim = sim;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Runs `action` with this peer's simulation installed (the bus functions read the tables through it). */
  with<T>(action: () => T): T {
    installPortSimulation(this.sim);
    return action();
  }

  static async start(): Promise<HypervisorBusPeer> {
    const sim = new SocketBusSimulation(new GuestMemory(codeBase(0), 0x0040_0000), tablesOf(busSystem()));
    installPortSimulation(sim);
    vcanReset();
    const server = createServer((socket) => {
      if (sim.client !== null) {
        socket.destroy();
        return;
      }
      sim.client = socket;
      socket.setNoDelay(true);
      socket.on('data', (bytes: Buffer) => {
        installPortSimulation(sim);
        for (const b of bytes) vcanOnHostByte(b);
      });
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        if (sim.client === socket) sim.client = null;
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new HypervisorBusPeer(server, sim);
  }

  /** Waits until no client is connected (the previous one closed). */
  async idle(timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sim.client !== null) {
      if (Date.now() > deadline) throw new Error('the previous SLCAN client is still connected');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  stop(): Promise<void> {
    this.sim.client?.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
