// Job: the host end of the HIL link (docs/HIL-PROTOCOL.md). `HilPeer` is the transport-free core: it
// decodes the guest's actuator frames, steps the vehicle model by exactly one control period per
// actuator frame (never on wall time, so the loop is deterministic under QEMU -icount), replies with a
// sensor frame, records the speed trace and injects faults (a sensor dropout of N periods, an
// implausible reported speed) at given steps. `connectHilPeer` serves it on a TCP port (QEMU's UART2
// server socket); a test harness can feed it any other byte stream (a child process's stdio).
import { TcpChannel } from '../runner/tcp-channel.ts';
import { MID_SIZE_CAR, VehicleModel, type VehicleParameters } from './model.ts';
import {
  ACTUATOR_SCALE,
  FrameDecoder,
  FrameType,
  SENSOR_FLAG_ACTUATOR_CLAMPED,
  SENSOR_FLAG_HOST_RX_ERROR,
  SENSOR_FLAG_VALID,
  encodePeriodEnd,
  encodeSensor,
  speedToCounts,
} from './protocol.ts';

/** The control guest's period (100 Hz), s. */
export const DEFAULT_PERIOD_S = 0.01;

/** Stop answering for `periods` actuator frames starting at step `atStep` (the model keeps moving). */
export interface DropoutInjection {
  atStep: number;
  periods: number;
}

/** Report `speedKmh` instead of the true speed in the reply to step `atStep` (the model is unaffected). */
export interface ImplausibleInjection {
  atStep: number;
  speedKmh: number;
}

/** Send the reply to step `atStep` only `ms` of wall time later, and every later reply behind it: a
 *  host that stalls for a moment. */
export interface DelayInjection {
  atStep: number;
  ms: number;
}

export interface HilPeerOptions {
  params?: VehicleParameters;
  periodS?: number;
  /** Initial speed, km/h. */
  initialSpeedKmh?: number;
  dropouts?: DropoutInjection[];
  implausible?: ImplausibleInjection[];
  delays?: DelayInjection[];
  /** Send a PeriodEnd frame after each step (host harness only; never towards a real guest). */
  sendPeriodEnd?: boolean;
}

export interface TraceSample {
  /** Step index (0 for the first actuator frame). */
  step: number;
  /** Sequence number of the actuator frame. */
  sequence: number;
  /** Throttle and brake applied during the step, 0..1. */
  throttle: number;
  brake: number;
  /** True speed at the end of the step, km/h. */
  speedKmh: number;
  /** Speed reported to the guest in wire counts (0.01 km/h), or null when the reply was dropped. */
  reportedCounts: number | null;
}

export class HilPeer {
  readonly model: VehicleModel;
  readonly trace: TraceSample[] = [];
  /** The dropouts: those of the options and those injected while running (`injectDropout`). */
  private readonly dropouts: DropoutInjection[];
  readonly decoder = new FrameDecoder();
  /** Frames received of a type the host does not serve (e.g. a sensor frame echoed back). */
  unexpectedFrames = 0;
  repliesSent = 0;
  /** Steps whose reply has been sent or dropped (a delayed reply settles when it is sent). */
  settledSteps = 0;
  /** Called each time a step settles (the lock-step host waits on it). */
  onSettled: (() => void) | null = null;
  private readonly periodS: number;
  private reportedErrorCount = 0;
  /** Replies held behind a delayed one, sent in order once it is out. */
  private readonly held: (() => void)[] = [];
  private stalled = false;

  constructor(
    private readonly options: HilPeerOptions,
    private readonly send: (bytes: Uint8Array) => void,
  ) {
    this.model = new VehicleModel(options.params ?? MID_SIZE_CAR);
    this.periodS = options.periodS ?? DEFAULT_PERIOD_S;
    const initial = options.initialSpeedKmh ?? 0;
    if (!(Number.isFinite(initial) && initial >= 0))
      throw new RangeError(`initialSpeedKmh = ${initial} must be ≥ 0`);
    this.model.speedMs = initial / 3.6;
    this.dropouts = [...(options.dropouts ?? [])];
    for (const [i, d] of (options.dropouts ?? []).entries()) {
      if (!(Number.isInteger(d.atStep) && d.atStep >= 0 && Number.isInteger(d.periods) && d.periods > 0)) {
        throw new RangeError(
          `dropouts[${i}] = ${JSON.stringify(d)}: atStep must be an integer ≥ 0 and periods an integer > 0`,
        );
      }
    }
    for (const [i, d] of (options.delays ?? []).entries()) {
      if (!(Number.isInteger(d.atStep) && d.atStep >= 0 && Number.isFinite(d.ms) && d.ms > 0)) {
        throw new RangeError(`delays[${i}] = ${JSON.stringify(d)}: atStep must be an integer ≥ 0 and ms > 0`);
      }
    }
    for (const [i, j] of (options.implausible ?? []).entries()) {
      if (!(Number.isInteger(j.atStep) && j.atStep >= 0 && Number.isFinite(j.speedKmh) && j.speedKmh >= 0)) {
        throw new RangeError(
          `implausible[${i}] = ${JSON.stringify(j)}: atStep must be an integer ≥ 0 and speedKmh ≥ 0`,
        );
      }
    }
  }

  /** Feeds bytes from the guest; replies go out through `send`. Never throws on malformed input. */
  receive(chunk: Uint8Array): void {
    for (const frame of this.decoder.push(chunk)) {
      if (frame.type !== FrameType.Actuator) {
        this.unexpectedFrames++;
        continue;
      }
      this.serve(frame.actuator.sequence, frame.actuator.throttle, frame.actuator.brake);
    }
  }

  /** Withholds the replies to the next `periods` actuator frames (the model keeps moving); returns the
   *  step the dropout starts at. */
  injectDropout(periods: number): number {
    if (!(Number.isInteger(periods) && periods > 0))
      throw new RangeError(`dropout of ${periods} periods: must be an integer > 0`);
    const atStep = this.trace.length;
    this.dropouts.push({ atStep, periods });
    return atStep;
  }

  /** Malformed-input events counted by the decoder. */
  rxErrors(): number {
    return this.decoder.errorCount();
  }

  private isDropped(step: number): boolean {
    return this.dropouts.some((d) => step >= d.atStep && step < d.atStep + d.periods);
  }

  private serve(sequence: number, throttleCounts: number, brakeCounts: number): void {
    const step = this.trace.length;
    const clamped = throttleCounts > ACTUATOR_SCALE || brakeCounts > ACTUATOR_SCALE;
    const throttle = Math.min(throttleCounts, ACTUATOR_SCALE) / ACTUATOR_SCALE;
    const brake = Math.min(brakeCounts, ACTUATOR_SCALE) / ACTUATOR_SCALE;
    this.model.step(throttle, brake, this.periodS);
    const injected = (this.options.implausible ?? []).find((j) => j.atStep === step);
    const reported = speedToCounts(injected ? injected.speedKmh : this.model.speedKmh);
    const dropped = this.isDropped(step);
    this.trace.push({
      step,
      sequence,
      throttle,
      brake,
      speedKmh: this.model.speedKmh,
      reportedCounts: dropped ? null : reported,
    });
    const replies: Uint8Array[] = [];
    if (!dropped) {
      const errors = this.rxErrors();
      let flags = SENSOR_FLAG_VALID;
      if (clamped) flags |= SENSOR_FLAG_ACTUATOR_CLAMPED;
      if (errors !== this.reportedErrorCount) flags |= SENSOR_FLAG_HOST_RX_ERROR;
      this.reportedErrorCount = errors;
      replies.push(encodeSensor({ sequence, speedCounts: reported, flags }));
    }
    if (this.options.sendPeriodEnd) replies.push(encodePeriodEnd(sequence));
    const settle = (): void => {
      for (const bytes of replies) this.send(bytes);
      if (!dropped) this.repliesSent++;
      this.settledSteps++;
      this.onSettled?.();
    };
    const delay = (this.options.delays ?? []).find((d) => d.atStep === step);
    if (delay === undefined && !this.stalled) {
      settle();
      return;
    }
    if (delay !== undefined && !this.stalled) {
      this.stalled = true;
      setTimeout(() => {
        settle();
        this.stalled = false;
        for (const next of this.held.splice(0)) next();
      }, delay.ms);
      return;
    }
    this.held.push(settle);
  }

  /** The speed trace as text, one `step speed_kmh` line per step (6 decimals): equal traces from two
   *  runs mean the closed loop was deterministic. */
  traceText(): string {
    return this.trace.map((s) => `${s.step} ${s.speedKmh.toFixed(6)}`).join('\n');
  }
}

export interface ConnectedHilPeer {
  peer: HilPeer;
  channel: TcpChannel;
  /** Bytes written to the guest so far (the lock-step host compares them with the bytes it took). */
  bytesSent(): number;
  close(): void;
}

/** Connects to the UART2 TCP server (QEMU's `vm.ports.uart2`) and serves the protocol on it. */
export async function connectHilPeer(port: number, options: HilPeerOptions = {}): Promise<ConnectedHilPeer> {
  const channel = await TcpChannel.open('uart2 (HIL)', port);
  channel.socket.setNoDelay(true); // one small frame per period: do not let Nagle hold it back
  let sent = 0;
  const peer = new HilPeer(options, (bytes) => {
    sent += bytes.length;
    channel.socket.write(bytes);
  });
  channel.socket.on('data', (bytes: Buffer) =>
    peer.receive(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
  );
  return { peer, channel, bytesSent: () => sent, close: () => channel.close() };
}
