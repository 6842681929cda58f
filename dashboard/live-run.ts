// Job: connect one running system to the dashboard server: console lines (the hypervisor's fault lines
// also as events), the recorded trace file followed as it grows (TraceFeed), CAN frames from the bus
// decoded with the system's DBC (and the UDS transactions among them), the vehicle model's steps with the
// set-point the control guest broadcasts; and publish the system's description first.
import type { SystemDescription } from '../firmware/config/types.ts';
import type { CanMessage } from '../qemu/slcan/can-frame.ts';
import type { TraceSample } from '../qemu/vehicle/host-peer.ts';
import { traceContext } from '../cli/trace/decode.ts';
import { FileFollower } from './file-follower.ts';
import type { EventMessage, ServerMessage } from './messages.ts';
import { TraceFeed } from './trace-feed.ts';
import { DEMO_UDS_IDS, UdsSniffer } from './uds-sniffer.ts';

/** How often the trace and vehicle views are brought up to date (wall time), ms. */
const UPDATE_MS = 250;
/** Every how many control periods a vehicle sample is published (every 50 ms of virtual time). */
const VEHICLE_EVERY_STEPS = 5;
/** A hypervisor console line about a VM fault (firmware/core/health.ts). */
const FAULT_LINE = /^hv: vm(\d+) '([^']+)': (.*)$/;

export interface DecodedCanFrame {
  name: string;
  signals: Record<string, number>;
}

export interface LiveRunSources {
  desc: SystemDescription;
  board: string;
  /** The trace being recorded, or null when the system has no trace UART. */
  traceFile: string | null;
  /** The vehicle model's steps (grows as the run goes), or null without a HIL link. */
  hilSamples: readonly TraceSample[] | null;
  hilPeriodS: number;
  /** Decodes a frame with the system's DBC (null: not in the DBC). */
  decodeCan(frame: CanMessage): DecodedCanFrame | null;
  /** The DBC signal that carries the cruise set-point, km/h, as `message.signal` (null: none). */
  setpointSignal: string | null;
  /** DBC signals (`message.signal`) that flag a fault of `faultVm` when they become non-zero. */
  faultSignals: readonly string[];
  faultVm: string | null;
  /** Virtual time now, µs, for what only the host sees (the vehicle model's steps). */
  virtualUs(): number;
}

export class LiveRun {
  private readonly traceFeed: TraceFeed | null;
  private readonly follower: FileFollower | null;
  private readonly uds: UdsSniffer;
  private readonly timer: NodeJS.Timeout;
  private vehicleSent = 0;
  private setpointKmh: number | null = null;
  private readonly faultValues = new Map<string, number>();
  private paused = false;

  constructor(
    private readonly sources: LiveRunSources,
    private readonly publish: (message: ServerMessage) => void,
  ) {
    const { desc } = sources;
    publish({
      t: 'hello',
      system: desc.name,
      board: sources.board,
      vms: desc.vms.map((vm, index) => ({ index, name: vm.name })),
      plans: desc.plans.map((plan) => ({
        name: plan.name,
        majorFrameMs: plan.majorFrame,
        slots: plan.slots.map((s) => ({ ...s })),
      })),
      traceFile: sources.traceFile,
    });
    const feed =
      sources.traceFile === null ? null : new TraceFeed(traceContext(desc), publish, () => this.paused);
    this.traceFeed = feed;
    this.follower =
      feed === null || sources.traceFile === null
        ? null
        : new FileFollower(sources.traceFile, (lines) => feed.lines(lines));
    this.uds = new UdsSniffer(DEMO_UDS_IDS, (transaction) =>
      publish({
        t: 'uds',
        wallMs: Date.now(),
        request: Buffer.from(transaction.request).toString('hex'),
        response: transaction.response === null ? null : Buffer.from(transaction.response).toString('hex'),
        text: transaction.text,
      }),
    );
    this.timer = setInterval(() => this.update(), UPDATE_MS);
    this.timer.unref();
  }

  /** One line of the hypervisor console. */
  consoleLine(line: string): void {
    this.publish({ t: 'console', line });
    const fault = FAULT_LINE.exec(line);
    if (fault !== null)
      this.hostEvent({ atUs: this.sources.virtualUs(), kind: 'console-fault', vm: fault[2], text: fault[3] });
  }

  /** One frame seen on the bus. */
  canFrame(frame: CanMessage): void {
    const now = Date.now();
    const decoded = frame.remote ? null : this.sources.decodeCan(frame);
    this.publish({
      t: 'can',
      wallMs: now,
      id: frame.id,
      extended: frame.extended,
      data: Buffer.from(frame.data).toString('hex'),
      name: decoded?.name ?? null,
      signals: decoded?.signals ?? {},
    });
    const signal = (qualified: string): number | undefined => {
      const [message, name] = qualified.split('.');
      return decoded?.name === message ? decoded.signals[name] : undefined;
    };
    const setpoint = this.sources.setpointSignal === null ? undefined : signal(this.sources.setpointSignal);
    if (setpoint !== undefined) this.setpointKmh = setpoint;
    for (const name of this.sources.faultSignals) {
      const value = signal(name);
      if (value === undefined) continue;
      const before = this.faultValues.get(name) ?? 0;
      this.faultValues.set(name, value);
      if (before === 0 && value !== 0) {
        this.hostEvent({
          atUs: this.sources.virtualUs(),
          kind: 'fault',
          vm: this.sources.faultVm,
          text: `${name} set (CAN 0x${frame.id.toString(16).toUpperCase()})`,
        });
      } else if (before !== 0 && value === 0) {
        this.hostEvent({
          atUs: this.sources.virtualUs(),
          kind: 'health',
          vm: this.sources.faultVm,
          text: `${name} cleared`,
        });
      }
    }
    this.uds.frame(frame, now);
  }

  /** An event only the host sees (a control acted, a fault flag on the bus), at virtual time `atUs`. */
  hostEvent(event: Omit<EventMessage, 't'>): void {
    this.publish({ t: 'event', ...event });
  }

  /** Says whether virtual time stands still (the page shows it). */
  setPaused(paused: boolean): void {
    this.paused = paused;
    this.publish({ t: 'time', virtualUs: this.sources.virtualUs(), paused });
  }

  /** Publishes what the trace and the vehicle model added since the last update. */
  update(): void {
    this.follower?.poll();
    this.traceFeed?.update();
    this.uds.expire(Date.now());
    const samples = this.sources.hilSamples;
    if (samples === null) return;
    for (; this.vehicleSent < samples.length; this.vehicleSent++) {
      const sample = samples[this.vehicleSent];
      if (sample.step % VEHICLE_EVERY_STEPS !== 0) continue;
      this.publish({
        t: 'vehicle',
        timeS: (sample.step + 1) * this.sources.hilPeriodS,
        speedKmh: sample.speedKmh,
        setpointKmh: this.setpointKmh,
        throttle: sample.throttle,
        brake: sample.brake,
      });
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.follower?.close();
    this.update();
  }
}
