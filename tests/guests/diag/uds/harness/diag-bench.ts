// Node test bench of the diagnostic guest: the demo system (systems/demo.ts) on the real hypervisor core
// of the Node simulation (firmware/sim/machine.ts), with the diag VM running the guest's own code
// (guests/diag/main.ts `diagStart`/`diagServe`, transpiled unchanged on the target) and the control VM
// played by a script that publishes `vehicle_status`, sends `control_faults` and collects
// `setpoint_cmd` messages. The tester reaches the guest as a host does: SLCAN lines on the bus UART,
// through the hypervisor's virtual CAN bus; its ISO-TP endpoint is guests/diag/isotp.ts with its own
// flow-control parameters. Restarts of the diag VM wipe its RAM state (the guest re-runs `diagStart`,
// which re-initialises every module) and keep its retained `nvm` area, as on the target.
import { deriveTables } from '../../../../../firmware/config/derive.ts';
import { validatedSystem } from '../../../../../firmware/config/validated-system.ts';
import { SimMachine, type GuestProgram, type SimGuest } from '../../../../../firmware/sim/machine.ts';
import { diagServe, diagStart } from '../../../../../guests/diag/main.ts';
import { ISOTP_EVENT_NONE, ISOTP_EVENT_RX_COMPLETE, IsoTp } from '../../../../../guests/diag/isotp.ts';
import { installDiagPlatform } from '../../../../../guests/diag/platform-simulation.ts';
import { bhQueuingReceive, bhQueuingSend, bhSamplingWrite } from '../../../../../guests/sdk/ts/bulkhead.ts';
import { installGuestSimulation, simulatedGuest } from '../../../../../guests/sdk/ts/simulation.ts';
import demo from '../../../../../systems/demo.ts';
import { setMmioBus, type MmioBus } from '../../../../../transpiler/runtime/index.ts';

export const BUS_UART = demo.vcanUart;
export const CONTROL_VM = demo.vms.findIndex((vm) => vm.name === 'control');
export const DIAG_VM = demo.vms.findIndex((vm) => vm.name === 'diag');
const diagVm = demo.vms[DIAG_VM];
const controlVm = demo.vms[CONTROL_VM];
const area = (vm: (typeof demo.vms)[number], name: string) => {
  const found = vm.memory.find((a) => a.name === name);
  if (found === undefined) throw new Error(`systems/demo.ts: VM '${vm.name}' has no area '${name}'`);
  return found;
};
export const NVM = area(diagVm, 'nvm');
const DIAG_CODE = area(diagVm, 'code');
/** Scratch areas where the SDK simulation stages hypercall buffers (top of each data area, below the
 *  stack, never used by the Node side of the guest). */
const SCRATCH_BYTES = 0x2000;
const diagScratch = area(diagVm, 'data').base + 0x40000;
const controlScratch = area(controlVm, 'data').base + 0x20000;
/** Bytes of the simulated diag code image the self-test checksums. */
export const SIM_IMAGE_BYTES = 0x1000;
const port = (name: string) => demo.ports.findIndex((p) => p.name === name);
export const VEHICLE_STATUS_PORT = port('vehicle_status');
export const CONTROL_FAULTS_PORT = port('control_faults');
export const SETPOINT_CMD_PORT = port('setpoint_cmd');

/** A CAN frame seen on the bus by the host, with the tick it appeared at. */
export interface BusFrame {
  id: number;
  data: number[];
  tick: number;
}

/** What the control script publishes. */
export interface ControlState {
  speedCentiKmh: number;
  setpointCentiKmh: number;
  throttle: number;
  /** Publish `vehicle_status` at all (false: the port never gets a message). */
  publishing: boolean;
}

/** Memory-mapped accesses of the diag guest (retained area, code image) on the simulated RAM. */
class GuestRamBus implements MmioBus {
  constructor(private readonly machine: SimMachine) {}
  read(address: number, width: 8 | 16 | 32): number {
    const bytes = this.machine.memory.read(address, width / 8);
    let value = 0;
    for (let i = bytes.length - 1; i >= 0; i--) value = value * 256 + bytes[i];
    return value >>> 0;
  }
  write(address: number, width: 8 | 16 | 32, value: number): void {
    const bytes = new Uint8Array(width / 8);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (value >>> (8 * i)) & 0xff;
    this.machine.memory.write(address, bytes);
  }
}

/** Device memory as the runtime's default Node bus models it (a sparse word map): installed whenever
 *  the bench's guests are off the CPU, so other suites in the same process never see guest RAM. */
class SparseBus implements MmioBus {
  private readonly words = new Map<number, number>();
  read(address: number, width: 8 | 16 | 32): number {
    const word = this.words.get(address & ~3) ?? 0;
    const mask = width === 32 ? 0xffffffff : (1 << width) - 1;
    return ((word >>> ((address & 3) * 8)) & mask) >>> 0;
  }
  write(address: number, width: 8 | 16 | 32, value: number): void {
    const shift = (address & 3) * 8;
    const mask = width === 32 ? 0xffffffff : ((1 << width) - 1) << shift;
    const old = this.words.get(address & ~3) ?? 0;
    this.words.set(address & ~3, ((old & ~mask) | ((value << shift) & mask)) >>> 0);
  }
}

/** A guest's step is over: the SDK and MMIO hooks go back to their defaults. */
export function leaveGuest(): void {
  installGuestSimulation(null);
  installDiagPlatform(null);
  setMmioBus(new SparseBus());
}

export interface TesterOptions {
  /** Flow control the tester announces (BS, STmin raw). */
  blockSize?: number;
  stMin?: number;
  /** Ticks to wait for the final response. */
  timeoutTicks?: number;
}

export class DiagBench {
  readonly machine: SimMachine;
  readonly control: ControlState = {
    speedCentiKmh: 8888,
    setpointCentiKmh: 10000,
    throttle: 4321,
    publishing: true,
  };
  /** `setpoint_cmd` messages the control script received. */
  readonly setpoints: number[][] = [];
  /** Faults the control script will send on its next step. */
  private readonly faultsToSend: number[] = [];
  private readonly controlActions: ((g: SimGuest) => void)[] = [];
  /** Frames the guest sent on 0x7E8 (and any other frame the host saw). */
  readonly received: BusFrame[] = [];
  /** Frames the tester sent, with their tick. */
  readonly sent: BusFrame[] = [];
  private consumed = 0;
  private readonly tester = new IsoTp();
  private readonly testerFrame = new Uint8Array(8);
  /** Responses the tester's transport completed (in order). */
  readonly responses: { bytes: number[]; tick: number }[] = [];

  constructor() {
    const tables = deriveTables(validatedSystem(demo));
    const image = new Uint8Array(SIM_IMAGE_BYTES);
    for (let i = 0; i < image.length; i++) image[i] = (i * 7 + 3) & 0xff;
    const programs: (GuestProgram | undefined)[] = [];
    programs[CONTROL_VM] = { step: (g) => this.controlStep(g) };
    programs[DIAG_VM] = {
      start: (g) => {
        this.enterDiag(g);
        try {
          diagStart();
        } finally {
          leaveGuest();
        }
      },
      step: (g) => {
        this.enterDiag(g);
        try {
          diagServe();
        } finally {
          leaveGuest();
        }
      },
    };
    this.machine = new SimMachine(tables, programs, { images: [{ address: DIAG_CODE.base, bytes: image }] });
    // A cold restart on the target restores the image only (firmware/port/c/pristine.c); the
    // simulation's default snapshot covers every area, so narrow it to the code area.
    this.machine.sim.snapshotPristine(DIAG_VM, [DIAG_CODE]);
    this.machine.sim.recordImageDigests();
    this.tester.configurePadding(true, 0xaa);
    this.configureTester({});
    this.machine.sim.uartSend(BUS_UART, 'O\r');
  }

  private enterDiag(g: SimGuest): void {
    installGuestSimulation(simulatedGuest(g, diagScratch, SCRATCH_BYTES));
    installDiagPlatform({
      retainedBase: NVM.base,
      retainedBytes: NVM.size,
      codeBase: DIAG_CODE.base,
      imageBytes: SIM_IMAGE_BYTES,
      controlVm: CONTROL_VM,
      normalPlan: demo.plans.findIndex((p) => p.name === 'normal'),
      heavyPlan: demo.plans.findIndex((p) => p.name === 'diag-heavy'),
    });
    setMmioBus(new GuestRamBus(this.machine));
  }

  /** Something the control VM does once at its next step (a fault to inject, a hypercall). */
  controlOnce(action: (g: SimGuest) => void): void {
    this.controlActions.push(action);
  }

  private controlStep(g: SimGuest): void {
    installGuestSimulation(simulatedGuest(g, controlScratch, SCRATCH_BYTES));
    try {
      this.controlWork(g);
    } finally {
      leaveGuest();
    }
  }

  private controlWork(g: SimGuest): void {
    const action = this.controlActions.shift();
    if (action !== undefined) action(g);
    if (this.control.publishing) {
      const status = new Uint8Array(20);
      const view = new DataView(status.buffer);
      view.setUint32(0, this.machine.ticks, true);
      view.setUint16(4, this.control.speedCentiKmh, true);
      view.setUint16(6, this.control.setpointCentiKmh, true);
      view.setUint16(8, this.control.throttle, true);
      status[14] = 1;
      bhSamplingWrite(VEHICLE_STATUS_PORT, status, status.length);
    }
    while (this.faultsToSend.length > 0) {
      const fault = new Uint8Array(12);
      fault[0] = this.faultsToSend.shift()!;
      new DataView(fault.buffer).setUint32(4, this.machine.ticks, true);
      bhQueuingSend(CONTROL_FAULTS_PORT, fault, fault.length);
    }
    const message = new Uint8Array(16);
    const values = new Uint32Array(2);
    while (bhQueuingReceive(SETPOINT_CMD_PORT, message, values) === 0) {
      this.setpoints.push([...message.subarray(0, values[0])]);
    }
  }

  /** The control guest reports fault `code` on `control_faults` at its next step. */
  controlFault(code: number): void {
    this.faultsToSend.push(code);
  }

  configureTester(options: TesterOptions): void {
    this.tester.configureReceiver(options.blockSize ?? 0, options.stMin ?? 0);
  }

  /** Sends one CAN frame from the host (SLCAN `t` line). */
  sendFrame(id: number, data: number[]): void {
    const hex = data.map((b) => b.toString(16).padStart(2, '0')).join('');
    this.machine.sim.uartSend(BUS_UART, `t${id.toString(16).padStart(3, '0')}${data.length}${hex}\r`);
    this.sent.push({ id, data: [...data], tick: this.machine.ticks });
  }

  /** Frames the bus wrote to the host since the last call. */
  private takeFrames(): BusFrame[] {
    const text = this.machine.uart(BUS_UART);
    const fresh = text.slice(this.consumed);
    const end = fresh.lastIndexOf('\r');
    if (end < 0) return [];
    this.consumed += end + 1;
    const frames: BusFrame[] = [];
    for (const line of fresh.slice(0, end).split('\r')) {
      const match = /^t([0-9A-Fa-f]{3})([0-8])([0-9A-Fa-f]*)$/.exec(line.replace(/^\x07+/, ''));
      if (match === null) continue;
      const data = Buffer.from(match[3], 'hex');
      frames.push({ id: parseInt(match[1], 16), data: [...data], tick: this.machine.ticks });
    }
    return frames;
  }

  /** Runs `ticks` ticks, feeding 0x7E8 frames to the tester's transport and sending its frames. */
  run(ticks: number): void {
    for (let i = 0; i < ticks; i++) this.tick();
  }

  private tick(): void {
    this.machine.tick();
    const now = this.machine.ticks >>> 0;
    for (const frame of this.takeFrames()) {
      this.received.push(frame);
      if (frame.id === 0x7e8) this.tester.receiveFrame(Uint8Array.from(frame.data), frame.data.length, now);
    }
    for (
      let dlc = this.tester.poll(now, this.testerFrame);
      dlc !== 0;
      dlc = this.tester.poll(now, this.testerFrame)
    ) {
      this.sendFrame(0x7e0, [...this.testerFrame.subarray(0, dlc)]);
    }
    for (let event = this.tester.nextEvent(); event !== ISOTP_EVENT_NONE; event = this.tester.nextEvent()) {
      if (event === ISOTP_EVENT_RX_COMPLETE) {
        this.responses.push({
          bytes: [...this.tester.rxBuffer.subarray(0, this.tester.rxMessageLength)],
          tick: this.machine.ticks,
        });
      }
    }
  }

  /** Sends `request` physically (segmented when longer than 7 bytes) and returns every response up to
   *  the first that is not "response pending" (null when none came within the timeout). */
  requestAll(request: number[], options: TesterOptions = {}): number[][] | null {
    this.configureTester(options);
    const first = this.responses.length;
    if (!this.tester.send(Uint8Array.from(request), request.length)) {
      throw new Error(`tester: cannot send ${hex(request)} (transport busy or bad length)`);
    }
    const limit = options.timeoutTicks ?? 400;
    for (let i = 0; i < limit; i++) {
      this.tick();
      const got = this.responses.slice(first).map((r) => r.bytes);
      const last = got[got.length - 1];
      if (last !== undefined && !(last[0] === 0x7f && last[2] === 0x78)) return got;
    }
    const got = this.responses.slice(first).map((r) => r.bytes);
    return got.length === 0 ? null : got;
  }

  /** The final response to a physical request (null: none). */
  request(request: number[], options: TesterOptions = {}): number[] | null {
    const all = this.requestAll(request, options);
    if (all === null) return null;
    return all[all.length - 1] ?? null;
  }

  /** Sends a functional single frame on 0x7DF and returns the responses within `ticks`. */
  functional(request: number[], ticks = 60): number[][] {
    const first = this.responses.length;
    const frame = [request.length, ...request];
    while (frame.length < 8) frame.push(0xaa);
    this.sendFrame(0x7df, frame);
    this.run(ticks);
    return this.responses.slice(first).map((r) => r.bytes);
  }

  /** Sends a raw frame on 0x7E0 and runs `ticks`; returns the 0x7E8 frames that came meanwhile. */
  raw(data: number[], ticks = 30, id = 0x7e0): number[][] {
    const first = this.received.length;
    this.sendFrame(id, data);
    this.run(ticks);
    return this.received
      .slice(first)
      .filter((f) => f.id === 0x7e8)
      .map((f) => f.data);
  }

  /** The diag VM's console output. */
  console(): string {
    return this.machine.uart(0);
  }

  /** The retained area's bytes. */
  retained(): Uint8Array {
    return this.machine.memory.read(NVM.base, NVM.size);
  }
}

export function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
