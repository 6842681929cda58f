// Runs a built image in QEMU under `-icount shift=0` with one instruction per translation block
// (`-accel tcg,one-insn-per-tb=on`) and QEMU's execution log (`-d exec,nochain`), and streams the address of every executed
// instruction to a consumer while QEMU runs. The log goes through a named pipe, so nothing is written
// to disk however long the run; `-dfilter` ranges keep instructions that a measurement does not count
// (a guest's spin loop) out of the log. The consumer decides when it has seen enough: the run then
// stops QEMU. Shared by every latency benchmark of bench/, on every board (`board` picks the QEMU
// profile of bsp/<board>/board.ts).
import { spawnSync } from 'node:child_process';
import { closeSync, constants, createReadStream, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { withQemu } from '../qemu/runner/index.ts';
import type { QemuInstance } from '../qemu/runner/index.ts';

/** QEMU (>= 8.1) options for one guest instruction per translation block, so the exec log lists each one. */
export const oneInstructionPerBlock: readonly string[] = ['-accel', 'tcg,one-insn-per-tb=on'];

/** Inclusive-exclusive address range [start, end). */
export interface AddressRange {
  start: number;
  end: number;
}

/** Consumer of executed instruction addresses; returns true once it has every sample it needs. */
export type PcConsumer = (pc: number) => boolean;

export interface ExecLogRunOptions {
  /** What the run measures, for error messages. */
  label: string;
  elf: string;
  /** Board whose QEMU profile runs the image (realview-eb when omitted). */
  board?: string;
  /** Scratch folder for the named pipe. */
  dir: string;
  /** Consecutive log lines of the same address inside this range count as one execution (see
   *  RepeatFilter); the hypervisor's vector table. */
  collapseRepeats?: AddressRange;
  /** Only instructions inside these ranges are logged (all when omitted). */
  logRanges?: readonly AddressRange[];
  consume: PcConsumer;
  /** Runs beside the measurement once QEMU is up (e.g. a host peer on a UART); may stay pending. */
  peer?: (vm: QemuInstance) => Promise<void>;
  /** Host wall-clock limit for the whole run. */
  wallLimitMs?: number;
}

const DEFAULT_WALL_LIMIT_MS = 600_000;
const LINE_FEED = 0x0a;
const OPEN_BRACKET = 0x5b;
const MIN_PC_DIGITS = 8;
const MAX_PC_DIGITS = 16;
const MAX_PC = 0xffff_ffff;
const SLASH = 0x2f;

const hexValue = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  hexValue['0123456789abcdef'.charCodeAt(digit)] = digit;
  hexValue['0123456789ABCDEF'.charCodeAt(digit)] = digit;
}

/** QEMU's `-dfilter` argument for the ranges (`start..last` each, comma separated). */
export function dfilterArgument(ranges: readonly AddressRange[]): string {
  if (ranges.length === 0) throw new Error('dfilter: no address range given');
  return ranges
    .map((range) => {
      if (!(range.end > range.start)) {
        throw new Error(`dfilter: empty range 0x${range.start.toString(16)}..0x${range.end.toString(16)}`);
      }
      return `0x${range.start.toString(16)}..0x${(range.end - 1).toString(16)}`;
    })
    .join(',');
}

/**
 * Splits QEMU exec-log text into instruction addresses: `Trace <cpu>: <host tb> [<cs_base>/<pc>/...]`
 * (cs_base is printed with at least 8 hex digits: more when the target keeps flags above bit 31 there).
 * Keeps a partial last line for the next chunk. Lines of another shape are skipped.
 */
export class ExecLogParser {
  private rest: Buffer = Buffer.alloc(0);

  /** Feeds a chunk; calls `emit` per instruction until it returns true (then returns true). */
  push(chunk: Buffer, emit: PcConsumer): boolean {
    const data = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    let lineStart = 0;
    for (;;) {
      const lineEnd = data.indexOf(LINE_FEED, lineStart);
      if (lineEnd < 0) break;
      const pc = pcOfLine(data, lineStart, lineEnd);
      lineStart = lineEnd + 1;
      if (pc >= 0 && emit(pc)) {
        this.rest = Buffer.alloc(0);
        return true;
      }
    }
    this.rest = Buffer.from(data.subarray(lineStart));
    return false;
  }
}

function pcOfLine(data: Buffer, start: number, end: number): number {
  // 'T' of "Trace"
  if (data[start] !== 0x54) return -1;
  const bracket = data.indexOf(OPEN_BRACKET, start);
  if (bracket < 0 || bracket >= end) return -1;
  const slash = data.indexOf(SLASH, bracket);
  if (slash < 0 || slash >= end || slash - bracket - 1 < MIN_PC_DIGITS) return -1;
  const first = slash + 1;
  // QEMU 8.1 and later print the pc as 16 hex digits, earlier versions as 8; a 32-bit pc fits both.
  let pc = 0;
  let digits = 0;
  for (let i = first; i < end && data[i] !== SLASH; i++, digits++) {
    const digit = hexValue[data[i]];
    if (digit < 0 || digits >= MAX_PC_DIGITS) return -1;
    pc = pc * 16 + digit;
  }
  return digits >= MIN_PC_DIGITS && pc <= MAX_PC ? pc : -1;
}

/**
 * QEMU logs a translation block as it enters it; a block that leaves at once because an interrupt
 * request is pending (before its first instruction) is logged again when it is re-entered. With the
 * Armv8-R generic timer as the tick this happens at the IRQ vector (HVBAR + 0x18) after every other
 * tick, so a repeated address inside `range` (the vector table, where no instruction branches to
 * itself) is dropped. Never seen on realview-eb, where it drops nothing.
 */
export class RepeatFilter {
  private previous = -1;

  constructor(private readonly range: AddressRange | undefined) {}

  /** False for a line that repeats the previous address inside the range. */
  keep(pc: number): boolean {
    const repeat =
      pc === this.previous && this.range !== undefined && pc >= this.range.start && pc < this.range.end;
    this.previous = pc;
    return !repeat;
  }
}

/** Instruction addresses of a log given as text (tests and small logs). */
export function pcsOfExecLog(text: string): number[] {
  const pcs: number[] = [];
  new ExecLogParser().push(Buffer.from(`${text}\n`, 'latin1'), (pc) => {
    pcs.push(pc);
    return false;
  });
  return pcs;
}

/** Runs the image until the consumer has what it needs; throws if QEMU ends or the wall limit passes first. */
export async function runWithExecLog(options: ExecLogRunOptions): Promise<void> {
  mkdirSync(options.dir, { recursive: true });
  // One pipe per process: a test and a bench run may measure the same system at the same time.
  const fifo = join(options.dir, `exec-log-${process.pid}.fifo`);
  rmSync(fifo, { force: true });
  const made = spawnSync('mkfifo', [fifo], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`${options.label}: mkfifo ${fifo} failed: ${made.stderr}`);
  const parser = new ExecLogParser();
  const repeats = new RepeatFilter(options.collapseRepeats);
  const consume: PcConsumer = (pc) => repeats.keep(pc) && options.consume(pc);
  let satisfied = false;
  let bytes = 0;
  // Opened before QEMU starts: QEMU's open of the log blocks until a reader is there.
  const stream = createReadStream(fifo, { highWaterMark: 1 << 20 });
  const drained = new Promise<void>((resolveDrain, rejectDrain) => {
    stream.on('data', (chunk) => {
      if (satisfied) return;
      const buffer = chunk as Buffer;
      bytes += buffer.length;
      if (parser.push(buffer, consume)) satisfied = true;
    });
    stream.on('end', () => resolveDrain());
    stream.on('error', (error) => rejectDrain(error));
  });
  const extraArgs = [...oneInstructionPerBlock, '-d', 'exec,nochain', '-D', fifo];
  if (options.logRanges !== undefined) extraArgs.push('-dfilter', dfilterArgument(options.logRanges));
  const wallLimit = options.wallLimitMs ?? DEFAULT_WALL_LIMIT_MS;
  try {
    const launch = { elf: options.elf, icount: { shift: 0 }, extraArgs };
    await withQemu(options.board === undefined ? launch : { ...launch, board: options.board }, async (vm) => {
      let peerError: Error | undefined;
      if (options.peer !== undefined) {
        options.peer(vm).catch((error: unknown) => {
          peerError = error instanceof Error ? error : new Error(String(error));
        });
      }
      const started = Date.now();
      while (!satisfied) {
        if (peerError !== undefined) {
          throw new Error(`${options.label}: host peer failed: ${peerError.message}`);
        }
        if (vm.exited) {
          throw new Error(
            `${options.label}: QEMU ended before the measurement had its samples (${bytes} log bytes); stderr: ${vm.stderr()}; console:\n${vm.output()}`,
          );
        }
        if (Date.now() - started > wallLimit) {
          throw new Error(
            `${options.label}: not enough samples within ${wallLimit} ms (${bytes} log bytes); console:\n${vm.output()}`,
          );
        }
        await new Promise((wake) => setTimeout(wake, 20));
      }
    });
  } finally {
    // QEMU has gone. If it never opened the pipe, the reader still waits in open(): a writer that opens
    // and closes it lets the stream end either way.
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // no reader waiting: nothing to release
    }
    stream.resume();
    await drained.catch(() => undefined);
    stream.destroy();
    rmSync(fifo, { force: true });
  }
}
