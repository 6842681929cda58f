// One run of the demo system (systems/demo.ts) in QEMU under `-icount shift=0,sleep=off` with the host
// vehicle model on UART2 and a raw SLCAN connection on the virtual CAN bus (UART1, channel open with
// `Z1` time stamps): the diagnostic guest is asked its questions (TesterPresent on 0x7E0 and 0x7DF,
// ReadDataByIdentifier F190, the bus's `V`) before and after a window of bus time during which the host
// either floods the bus (bus-flood-traffic.ts, paced so that the bytes sent and not yet answered, the
// next chunk included, stay within the BSP's receive ring) or stays quiet. After a flood, its replies
// are matched line by line with the reference model's, and the bus UART's receive ring counters
// (bsp/realview-eb/uart.c) and the bus's line counters are read from the target over QEMU's monitor,
// beside the bytes and lines the host sent. Bus time is the hypervisor's millisecond stamp on the
// frames it sends (the control guest's 0x100 frame every 100 ms), unwrapped. The trace stream (UART3)
// is sampled over the first and the last second of the window: streaming all of it would cost QEMU one
// host write per trace byte. `BULKHEAD_FLOOD_DEBUG` prints progress and the flood's accounting.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';

import { runTool } from '../../cli/build/run-tool.ts';
import { buildHypervisorSystem, type BuiltSystem } from '../../cli/build/system.ts';
import { parseTraceLine, type TraceRecord } from '../../firmware/sim/trace-lines.ts';
import { loopbackHost } from '../../qemu/runner/command-line.ts';
import { pickFreePorts } from '../../qemu/runner/free-ports.ts';
import { launch, monitorArguments, repoRoot, resumeThroughMonitor } from '../../qemu/runner/index.ts';
import { floodChunks, UDS_FUNCTIONAL_ID, UDS_PHYSICAL_ID, type FloodChunk } from './bus-flood-traffic.ts';
import { RawSlcan, type HostFrame } from './raw-slcan.ts';
import { ReferenceBus } from './slcan-reference.ts';

const DEMO_SYSTEM = join(repoRoot, 'systems', 'demo.ts');
const OUT_ROOT = join(repoRoot, 'out', 'reliability-demo');
/** Wall time allowed for a whole run. */
const WALL_LIMIT_MS = 240_000;
/** Bytes of flood lines sent but not yet answered, at most, counting the chunk about to go: the flood
 *  goes as fast as the bus takes it without overrunning the BSP's 256-byte receive ring between two
 *  ticks (bsp/realview-eb/uart.c), which would drop input (see the overrun burst). A chunk is held back
 *  while it would not fit, unless nothing is in flight (the longest chunk is 121 bytes). */
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
  /** Largest count of bytes sent and not yet answered, at the moment a chunk went out. */
  maxBytesInFlight: number;
  /** The flood's replies matched line by line against the reference model's expected replies. */
  replyMatch: ReplyMatch;
  /** The bus UART's receive side after the flood (before the overrun burst), read from the target. */
  uart: UartReceiveCounts | null;
  /** The same after the overrun burst's replies. */
  uartAfterBurst: UartReceiveCounts | null;
}

/** A flood line, the chunk it came in and the reply the reference model expects for it. */
export interface FloodLine {
  /** Position of its chunk in the flood (chunks repeat every `floodChunks` count). */
  chunk: number;
  kind: string;
  /** `\x07` for BEL, else the reply line without its CR. */
  expected: string;
}

/** A flood line whose reply never came or came different, with the bytes around it. */
export interface LineFinding {
  line: FloodLine;
  /** The reply that came instead (null: none). */
  got: string | null;
  /** The previous, own and next chunk, as JSON strings. */
  around: string[];
}

export interface ReplyMatch {
  unanswered: LineFinding[];
  different: LineFinding[];
  /** Replies with no flood line of their own. */
  extra: number;
}

/** The BSP's receive ring of the bus UART (bsp/realview-eb/uart.c `uart_rx[1]`) and the bus counters
 *  (firmware/core/vcan/bus.ts), read over the QEMU monitor, beside what the host sent. */
export interface UartReceiveCounts {
  /** Bytes the host wrote to the bus socket since boot. */
  hostBytes: number;
  /** Bytes the interrupt handler put into the ring (`head`), taken by the bus (`tail`), dropped because
   *  the ring was full, and received with a PL011 error bit (overrun, break, parity, framing). */
  ringHead: number;
  ringTail: number;
  ringDropped: number;
  ringErrors: number;
  /** Host lines the bus answered (BEL and OK/replies), and the lines the host sent. */
  busAnswered: number;
  /** Host bytes the bus was told the UART lost (`hostBytesLost`: reported as data overrun in `F`). */
  busBytesLost: number;
  hostLines: number;
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

/** The reply lines in the bytes the reference model expects (`\x07` for a BEL, else the text before CR). */
export function replyLines(reply: string): string[] {
  const lines: string[] = [];
  let text = '';
  for (const c of reply) {
    if (c === '\x07') lines.push(c);
    else if (c === '\r') {
      lines.push(text);
      text = '';
    } else text += c;
  }
  return lines;
}

/** Lines of replies that must agree before a skipped or an extra reply is believed. */
const REPLY_MATCH_WINDOW = 12;
/** Largest run of consecutive lines the matcher will treat as unanswered (or replies as extra). */
const REPLY_MATCH_MAX_SKIP = 8;

/** Same reply, except that a status reply's flags depend on the VMs' queues, which the model does not
 *  hold (it is built without VMs). */
function sameReply(expected: string, got: string): boolean {
  return expected === got || (/^F[0-9A-F]{2}$/.test(expected) && /^F[0-9A-F]{2}$/.test(got));
}

/** Matches the replies that came (`got`, in order) with the flood's lines: the lines whose reply is
 *  missing, the lines answered differently, and replies without a line. A reply is taken as missing
 *  (or extra) only when the next `REPLY_MATCH_WINDOW` replies then agree. */
export function matchReplies(
  lines: readonly FloodLine[],
  got: readonly string[],
  around: (chunk: number) => string[],
): ReplyMatch {
  const match: ReplyMatch = { unanswered: [], different: [], extra: 0 };
  const agree = (i: number, j: number): boolean => {
    const n = Math.min(REPLY_MATCH_WINDOW, lines.length - i, got.length - j);
    if (n <= 0) return lines.length - i === got.length - j;
    for (let k = 0; k < n; k++) if (!sameReply(lines[i + k].expected, got[j + k])) return false;
    return true;
  };
  const finding = (line: FloodLine, reply: string | null): LineFinding => ({
    line,
    got: reply,
    around: around(line.chunk),
  });
  let i = 0;
  let j = 0;
  while (i < lines.length && j < got.length) {
    if (sameReply(lines[i].expected, got[j])) {
      i++;
      j++;
      continue;
    }
    let skipped = false;
    for (let skip = 1; skip <= REPLY_MATCH_MAX_SKIP && !skipped; skip++) {
      if (agree(i + skip, j)) {
        for (let k = 0; k < skip; k++) match.unanswered.push(finding(lines[i + k], null));
        i += skip;
        skipped = true;
      } else if (agree(i, j + skip)) {
        match.extra += skip;
        j += skip;
        skipped = true;
      }
    }
    if (skipped) continue;
    match.different.push(finding(lines[i], got[j]));
    i++;
    j++;
  }
  for (; i < lines.length; i++) match.unanswered.push(finding(lines[i], null));
  match.extra += got.length - j;
  return match;
}

/** Sends one command to QEMU's human monitor on `port` and resolves with what it printed. */
function monitorCommand(port: number, command: string): Promise<string> {
  const prompt = '(qemu) ';
  return new Promise((resolve, reject) => {
    const socket = connect(port, loopbackHost);
    let text = '';
    let sent = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`QEMU monitor: no answer to '${command}'`));
    }, 5000);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (!text.endsWith(prompt)) return;
      if (!sent) {
        sent = true;
        text = '';
        socket.write(`${command}\n`);
        return;
      }
      clearTimeout(timer);
      socket.end();
      resolve(text);
    });
  });
}

/** `count` 32-bit words of guest physical memory at `address`, read with the monitor's `xp`. */
async function readTargetWords(port: number, address: number, count: number): Promise<number[]> {
  const output = await monitorCommand(port, `xp /${count}wx 0x${address.toString(16)}`);
  const words = [...output.matchAll(/[0-9a-f]+:((?: 0x[0-9a-f]{8})+)/g)].flatMap((m) =>
    m[1]
      .trim()
      .split(' ')
      .map((w) => parseInt(w, 16)),
  );
  if (words.length !== count) throw new Error(`monitor 'xp' at 0x${address.toString(16)}: ${output}`);
  return words;
}

/** Address and size of each data symbol of `elf`. */
async function dataSymbols(elf: string): Promise<Map<string, { address: number; size: number }>> {
  const result = await runTool('arm-none-eabi-nm', ['-S', elf]);
  if (result.code !== 0) throw new Error(`arm-none-eabi-nm -S ${elf}: ${result.stderr}`);
  const symbols = new Map<string, { address: number; size: number }>();
  for (const m of result.stdout.matchAll(/^([0-9a-f]{8}) ([0-9a-f]{8}) [bBdD] (\S+)$/gm))
    symbols.set(m[3], { address: parseInt(m[1], 16), size: parseInt(m[2], 16) });
  return symbols;
}

/** The bus UART (docs/DESIGN.md §5) and the layout of the BSP's receive rings (bsp/realview-eb/uart.c:
 *  `uart_rx[BOARD_UART_COUNT]` of `head`, `tail`, `dropped`, `errors` words and the data). */
const BUS_UART = 1;
const BOARD_UART_COUNT = 4;
const RING_COUNTER_WORDS = 4;
/** firmware/core/vcan/bus.ts `VcanCounters`: framesFromHost, framesToHost, hostErrors, hostCommands,
 *  hostBytesLost. */
const BUS_COUNTER_WORDS = 5;

/** Reads the bus UART's receive ring counters and the bus's answered-line count from the target. */
async function readUartCounts(elf: string, monitorPort: number, bus: RawSlcan): Promise<UartReceiveCounts> {
  const symbols = await dataSymbols(elf);
  const ring = symbols.get('uart_rx');
  const busCounters = symbols.get('bus_counters');
  if (ring === undefined || busCounters === undefined)
    throw new Error(`${elf}: no uart_rx or bus_counters symbol`);
  const ringStride = ring.size / BOARD_UART_COUNT;
  const [head, tail, dropped, errors] = await readTargetWords(
    monitorPort,
    ring.address + BUS_UART * ringStride,
    RING_COUNTER_WORDS,
  );
  const [, , hostErrors, hostCommands, hostBytesLost] = await readTargetWords(
    monitorPort,
    busCounters.address,
    BUS_COUNTER_WORDS,
  );
  return {
    hostBytes: bus.bytesWritten,
    ringHead: head,
    ringTail: tail,
    ringDropped: dropped,
    ringErrors: errors,
    busAnswered: hostErrors + hostCommands,
    busBytesLost: hostBytesLost,
    hostLines: bus.linesWritten(),
  };
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
    const first = /\n@([0-9a-f]{8})\./.exec(this.text);
    const last = /\n@([0-9a-f]{8})\.[^\n]*\n[^\n]*$/.exec(this.text);
    return first === null || last === null ? 0 : parseInt(last[1], 16) - parseInt(first[1], 16);
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

/** A chunk as text for a report: its kind and its bytes as a JSON string. */
function chunkText(chunk: FloodChunk): string {
  return `${chunk.kind}: ${JSON.stringify(Buffer.from(chunk.bytes).toString('latin1'))}`;
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
    extraArgs: ['-S', ...monitorArguments(monitorPort)],
  });
  const chunks = options.flood ? floodChunks(20_000, options.seed ?? 1) : [];
  let hil: ChildProcessWithoutNullStreams | undefined;
  let bus: RawSlcan | undefined;
  let sample: TraceSample | undefined;
  try {
    hil = await startVehiclePeer(vm.ports.uart2!);
    bus = await RawSlcan.open(vm.ports.uart1!);
    const link = bus;
    await resumeThroughMonitor(monitorPort);
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
        const stamp = link.frames[seen].timestampMs;
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
      maxBytesInFlight: 0,
      replyMatch: { unanswered: [], different: [], extra: 0 },
      uart: null,
      uartAfterBurst: null,
    };
    /** Every flood line in order, with the reply the model expects. */
    const floodLines: FloodLine[] = [];
    /** Sent chunks not yet fully answered: their lines and bytes. */
    const pending: { lines: number; bytes: number }[] = [];
    /** Bytes of chunks without a non-empty line (no reply tells when the bus took them): they count as
     *  in flight until the next chunk with a line is answered. */
    let carriedBytes = 0;
    let answeredCounted = 0;
    const bytesInFlight = (): number => {
      let answered = link.answered() - answeredBefore - answeredCounted;
      while (pending.length > 0 && answered >= pending[0].lines) {
        answered -= pending[0].lines;
        answeredCounted += pending.shift()!.lines;
      }
      return pending.reduce((sum, p) => sum + p.bytes, carriedBytes);
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
      if (!options.flood) {
        await link.nextInput(100);
        continue;
      }
      const chunk = chunks[stats.chunks % chunks.length];
      const alreadyInFlight = bytesInFlight();
      if (alreadyInFlight > 0 && alreadyInFlight + chunk.bytes.length > MAX_BYTES_IN_FLIGHT) {
        await link.nextInput(200);
        continue;
      }
      const linesBefore = model.lines;
      for (const expected of replyLines(model.feed(chunk.bytes)))
        floodLines.push({ chunk: stats.chunks, kind: chunk.kind, expected });
      stats.maxBytesInFlight = Math.max(stats.maxBytesInFlight, alreadyInFlight + chunk.bytes.length);
      await link.write(chunk.bytes);
      stats.chunks++;
      const lines = model.lines - linesBefore;
      stats.lines += lines;
      if (lines === 0) carriedBytes += chunk.bytes.length;
      else {
        pending.push({ lines, bytes: chunk.bytes.length + carriedBytes });
        carriedBytes = 0;
      }
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
      const around = (chunk: number): string[] =>
        [chunk - 1, chunk, chunk + 1]
          .filter((c) => c >= 0 && c < stats.chunks)
          .map((c) => chunkText(chunks[c % chunks.length]));
      stats.replyMatch = matchReplies(floodLines, link.replyLog.slice(answeredBefore), around);
      stats.uart = await readUartCounts(built.elf, monitorPort, link);
      if (process.env['BULKHEAD_FLOOD_DEBUG'] !== undefined)
        console.error(
          `flood: ${stats.unanswered} unanswered, max ${stats.maxBytesInFlight} bytes in flight, ` +
            `uart ${JSON.stringify(stats.uart)}, replies ${JSON.stringify(stats.replyMatch, null, 1)}`,
        );
    }
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
      stats.uartAfterBurst = await readUartCounts(built.elf, monitorPort, link);
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
