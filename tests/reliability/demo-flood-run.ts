// One run of the demo system (systems/demo.ts) in QEMU under `-icount shift=0,sleep=off` with the host
// vehicle model on UART2 and a raw SLCAN connection on the virtual CAN bus (UART1, channel open with
// `Z1` time stamps): the diagnostic guest is asked its questions (TesterPresent on 0x7E0 and 0x7DF,
// ReadDataByIdentifier F190, the bus's `V`) before and after a window of bus time during which the host
// either floods the bus (bus-flood-traffic.ts, paced so that at most a few lines wait for their reply)
// or stays quiet. Bus time is the hypervisor's millisecond stamp on the frames it sends (the control
// guest's 0x100 frame every 100 ms), unwrapped. The trace stream (UART3) is sampled over the first and
// the last second of the window: streaming all of it would cost QEMU one host write per trace byte.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';

import { buildHypervisorSystem, type BuiltSystem } from '../../cli/build/system.ts';
import { parseTraceLine, type TraceRecord } from '../../firmware/sim/trace-lines.ts';
import { loopbackHost } from '../../qemu/runner/command-line.ts';
import { pickFreePorts } from '../../qemu/runner/free-ports.ts';
import { launch, monitorArguments, repoRoot, resumeThroughMonitor } from '../../qemu/runner/index.ts';
import { floodChunks, UDS_FUNCTIONAL_ID, UDS_PHYSICAL_ID } from './bus-flood-traffic.ts';
import { RawSlcan, type HostFrame } from './raw-slcan.ts';
import { ReferenceBus } from './slcan-reference.ts';

const DEMO_SYSTEM = join(repoRoot, 'systems', 'demo.ts');
const OUT_ROOT = join(repoRoot, 'out', 'reliability-demo');
/** Wall time allowed for a whole run. */
const WALL_LIMIT_MS = 240_000;
/** Bytes of flood lines sent but not yet answered, at most: the flood goes as fast as the bus takes it
 *  without overrunning the BSP's 256-byte receive ring between two ticks (bsp/realview-eb/uart.c),
 *  which would drop input (see `overrunBurst`). */
const MAX_BYTES_IN_FLIGHT = 192;
/** The overrun burst after the window: this many 2-byte lines at once. */
const OVERRUN_LINES = 2048;
/** Bus time (ms) a trace sample covers. */
const TRACE_SAMPLE_MS = 1000;

let image: Promise<BuiltSystem> | undefined;

/** The demo image, built once per process into out/reliability-demo/. */
export function demoImage(): Promise<BuiltSystem> {
  image ??= buildHypervisorSystem(DEMO_SYSTEM, { outRoot: OUT_ROOT });
  return image;
}

/** The diagnostic guest's and the bus's answers to the questions asked before and after the window. */
export interface DiagAnswers {
  /** `02 3E 00` on 0x7E0 and on 0x7DF: the response message (null: no answer). */
  testerPresentPhysical: number[] | null;
  testerPresentFunctional: number[] | null;
  /** `03 22 F1 90` on 0x7E0: the reassembled response message. */
  readVin: number[] | null;
  /** The bus's own `V` reply. */
  version: string | null;
}

export interface FloodStatistics {
  chunks: number;
  /** Non-empty lines in them: each must get exactly one reply. */
  lines: number;
  bytes: number;
  perKind: Record<string, number>;
  /** Lines still without a reply 10 s (wall) after the flood stopped. */
  unanswered: number;
  /** The burst sent at once after the window: lines, and replies it got (fewer when input was dropped). */
  overrunLines: number;
  overrunReplies: number;
}

/** A frame with its unwrapped bus time. */
export interface TimedFrame extends HostFrame {
  readonly busMs: number;
}

export interface DemoRun {
  /** The window in unwrapped bus milliseconds. */
  windowStartMs: number;
  windowEndMs: number;
  before: DiagAnswers;
  after: DiagAnswers;
  /** The bus's `F` reply after the window. */
  statusAfter: string | null;
  /** Every frame the host received, with bus time. */
  frames: TimedFrame[];
  replies: RawSlcan['replies'];
  undecodable: string[];
  flood: FloodStatistics | null;
  /** Trace records over the first and the last second of the window. */
  traceSamples: TraceRecord[][];
  /** UART0 (the hypervisor console with both guests' lines). */
  console: string;
  wallMs: number;
}

export interface DemoRunOptions {
  /** Flood during the window (else the host stays quiet). */
  flood: boolean;
  /** Length of the window, bus milliseconds. */
  windowMs: number;
  /** Seed of the flood traffic. */
  seed?: number;
  /** Keep the window open until bus time reaches this value too (null: not known yet). */
  until?: () => number | null;
  /** Called once the window closed, with its end (bus ms). */
  onWindowEnd?: (endMs: number) => void;
}

/** Starts the vehicle model on UART2 `port` in its own process (hil-peer-process.ts). */
function startVehiclePeer(port: number): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'tests', 'reliability', 'hil-peer-process.ts'), String(port)],
    {
      cwd: repoRoot,
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the vehicle peer did not connect to port ${port}: ${output}`));
    }, 30_000);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the vehicle peer exited (${code}): ${output}`));
    });
  });
}

/** A sample of the trace stream: connected to UART3 while it runs; complete lines only. */
class TraceSample {
  private text = '';
  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => (this.text += chunk.toString('latin1')));
    socket.on('error', () => socket.destroy());
  }
  static open(port: number): Promise<TraceSample> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, loopbackHost);
      socket.once('connect', () => resolve(new TraceSample(socket)));
      socket.once('error', reject);
    });
  }
  /** Records received so far (the first, possibly partial, line is dropped). */
  records(): TraceRecord[] {
    const lines = this.text.split('\n');
    return lines.slice(1, -1).map(parseTraceLine);
  }
  /** Ticks covered so far. */
  span(): number {
    const first = /\n@([0-9a-f]{8}) /.exec(this.text);
    const last = /\n@([0-9a-f]{8}) [^\n]*\n[^\n]*$/.exec(this.text);
    return first === null || last === null ? 0 : parseInt(last[1]!, 16) - parseInt(first[1]!, 16);
  }
  close(): void {
    this.socket.destroy();
  }
}

async function ask(bus: RawSlcan): Promise<DiagAnswers> {
  const testerPresentPhysical = await bus.udsRequest(UDS_PHYSICAL_ID, [0x3e, 0x00], 3000);
  const testerPresentFunctional = await bus.udsRequest(UDS_FUNCTIONAL_ID, [0x3e, 0x00], 3000);
  const readVin = await bus.udsRequest(UDS_PHYSICAL_ID, [0x22, 0xf1, 0x90], 3000);
  const version = await bus.command('V', 3000);
  return { testerPresentPhysical, testerPresentFunctional, readVin, version };
}

/** Unwraps the frames' millisecond stamps (modulo 60000) into bus time, from the first frame on. */
function timed(frames: readonly HostFrame[]): TimedFrame[] {
  let offset = 0;
  let last = -1;
  return frames.map((frame) => {
    if (last >= 0 && frame.timestampMs < last) offset += 60_000;
    last = frame.timestampMs;
    return { ...frame, busMs: frame.timestampMs + offset };
  });
}

export async function runDemo(options: DemoRunOptions): Promise<DemoRun> {
  const started = Date.now();
  const built = await demoImage();
  const [monitorPort] = await pickFreePorts(1);
  const vm = await launch({
    elf: built.elf,
    icount: { shift: 0, sleep: false },
    timeoutMs: WALL_LIMIT_MS,
    extraArgs: ['-S', ...monitorArguments(monitorPort!)],
  });
  const chunks = options.flood ? floodChunks(20_000, options.seed ?? 1) : [];
  let hil: ChildProcessWithoutNullStreams | undefined;
  let bus: RawSlcan | undefined;
  let sample: TraceSample | undefined;
  try {
    hil = await startVehiclePeer(vm.ports.uart2!);
    bus = await RawSlcan.open(vm.ports.uart1!);
    const link = bus;
    await resumeThroughMonitor(monitorPort!);
    await link.command('C', 2000);
    for (const setting of ['S6', 'Z1', 'O']) {
      if ((await link.command(setting, 5000)) !== '') throw new Error(`the bus refused '${setting}'`);
    }
    // The diagnostic guest is up once it answers TesterPresent.
    for (let attempt = 0; ; attempt++) {
      if ((await link.udsRequest(UDS_PHYSICAL_ID, [0x3e, 0x00], 500)) !== null) break;
      if (attempt > 60) throw new Error(`the diagnostic guest never answered TesterPresent:\n${vm.output()}`);
    }
    const before = await ask(link);
    let seen = 0;
    let offset = 0;
    let lastStamp = -1;
    /** Bus time of the latest frame (unwrapped). */
    const busNow = (): number => {
      for (; seen < link.frames.length; seen++) {
        const stamp = link.frames[seen]!.timestampMs;
        if (lastStamp >= 0 && stamp < lastStamp) offset += 60_000;
        lastStamp = stamp;
      }
      return lastStamp < 0 ? 0 : lastStamp + offset;
    };
    while (busNow() === 0) await link.nextInput(100);
    const windowStartMs = busNow();
    const windowOpen = (): boolean => {
      const now = busNow();
      if (now < windowStartMs + options.windowMs) return true;
      if (options.until === undefined) return false;
      const until = options.until();
      return until === null || now < until;
    };
    const samples: TraceRecord[][] = [];
    sample = await TraceSample.open(vm.ports.uart3!);
    let lastSampleTaken = false;
    const takeSamples = async (): Promise<void> => {
      if (sample !== undefined && sample.span() >= TRACE_SAMPLE_MS) {
        samples.push(sample.records());
        sample.close();
        sample = undefined;
      }
      if (
        sample === undefined &&
        !lastSampleTaken &&
        busNow() >= windowStartMs + options.windowMs - TRACE_SAMPLE_MS
      ) {
        lastSampleTaken = true;
        sample = await TraceSample.open(vm.ports.uart3!);
      }
    };
    const stats: FloodStatistics = {
      chunks: 0,
      lines: 0,
      bytes: 0,
      perKind: {},
      unanswered: 0,
      overrunLines: 0,
      overrunReplies: 0,
    };
    /** Sent chunks not yet fully answered: their lines and bytes. */
    const pending: { lines: number; bytes: number }[] = [];
    let answeredCounted = 0;
    const bytesInFlight = (): number => {
      let answered = link.answered() - answeredBefore - answeredCounted;
      while (pending.length > 0 && answered >= pending[0]!.lines) {
        answered -= pending[0]!.lines;
        answeredCounted += pending.shift()!.lines;
      }
      return pending.reduce((sum, p) => sum + p.bytes, 0);
    };
    const model = new ReferenceBus([]);
    model.feed(Buffer.from('O\r', 'latin1'));
    const answeredBefore = link.answered();
    const inFlight = (): number => stats.lines - (link.answered() - answeredBefore);

    while (windowOpen()) {
      if (vm.exited) throw new Error(`QEMU exited during the window: ${vm.stderr()}\n${vm.output()}`);
      if (Date.now() - started > WALL_LIMIT_MS - 30_000)
        throw new Error(`bus time reached only ${busNow()} ms (window from ${windowStartMs} ms)`);
      await takeSamples();
      if (process.env['BULKHEAD_FLOOD_DEBUG'] !== undefined && stats.chunks % 500 === 0)
        console.error(`flood: bus ${busNow()} ms, ${stats.lines} lines, ${inFlight()} in flight`);
      if (!options.flood || bytesInFlight() >= MAX_BYTES_IN_FLIGHT) {
        await link.nextInput(options.flood ? 200 : 100);
        continue;
      }
      const chunk = chunks[stats.chunks % chunks.length]!;
      const linesBefore = model.lines;
      model.feed(chunk.bytes);
      await link.write(chunk.bytes);
      stats.chunks++;
      stats.lines += model.lines - linesBefore;
      pending.push({ lines: model.lines - linesBefore, bytes: chunk.bytes.length });
      stats.bytes += chunk.bytes.length;
      stats.perKind[chunk.kind] = (stats.perKind[chunk.kind] ?? 0) + 1;
    }
    const windowEndMs = busNow();
    options.onWindowEnd?.(windowEndMs);
    if (sample !== undefined) {
      samples.push(sample.records());
      sample.close();
      sample = undefined;
    }
    for (let waited = 0; inFlight() > 0 && waited < 10_000; waited += 100) await link.nextInput(100);
    stats.unanswered = inFlight();
    if (options.flood) {
      // Far more input than the receive ring holds, at once: what does not fit is dropped, and the bus
      // resynchronises at the next CR.
      const answeredNow = link.answered();
      await link.write(Buffer.from('X\r'.repeat(OVERRUN_LINES), 'latin1'));
      stats.overrunLines = OVERRUN_LINES;
      for (let last = link.answered(), since = Date.now(); Date.now() - since < 1500;) {
        await link.nextInput(100);
        if (link.answered() !== last) {
          last = link.answered();
          since = Date.now();
        }
      }
      stats.overrunReplies = link.answered() - answeredNow;
      await link.write('\r');
    }
    const after = await ask(link);
    const statusAfter = await link.command('F', 3000);
    return {
      windowStartMs,
      windowEndMs,
      before,
      after,
      statusAfter,
      frames: timed(link.frames),
      replies: link.replies,
      undecodable: link.undecodable,
      flood: options.flood ? stats : null,
      traceSamples: samples,
      console: vm.output(),
      wallMs: Date.now() - started,
    };
  } finally {
    sample?.close();
    bus?.close();
    hil?.kill('SIGKILL');
    await vm.kill();
  }
}
