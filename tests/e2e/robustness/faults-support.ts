// Support of the fault-injection tests (faults*.test.ts): builds systems/test-faults.ts with a chosen
// guest in the faulted VM, boots an image in QEMU (realview-eb, `-icount shift=0`) with the trace UART
// captured to a file until the trace passes a tick, and injects the faults: a byte flipped in the ELF
// file before boot, memory written through QEMU's gdb stub at a breakpoint (gdb-multiarch in batch
// mode, then detached so the run goes on), or bytes flooded into UART2 from the host.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { buildHypervisorSystemFrom, type BuiltSystem } from '../../../cli/build/system.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';
import { parseTrace, type TraceRecord } from '../../../firmware/sim/trace-lines.ts';
import { withQemu } from '../../../qemu/runner/index.ts';
import testFaults from '../../../systems/test-faults.ts';

export const FAULTS_OUT_ROOT = resolve('out/e2e/robustness');
/** VM indices of systems/test-faults.ts. */
export const ALPHA = 0;
export const BETA = 1;

const WALL_LIMIT_MS = 20_000;
const POLL_MS = 50;
const GDB_LIMIT_MS = 20_000;

export interface FaultRun {
  console: string;
  /** Complete ticks traced: `trace` holds the records of ticks 0 .. ticks-1. */
  ticks: number;
  trace: TraceRecord[];
}

export interface RunOptions {
  /** gdb commands run (in batch mode, after `target remote`) while QEMU waits halted at reset; the
   *  support detaches afterwards, which lets the run continue. */
  gdbCommands?: string[];
  /** Bytes sent to UART2 from the host, again and again, until the run ends. */
  uart2Flood?: Uint8Array;
  /** Keep running past `ticks` until this holds for the trace so far (host input such as the flood
   *  reaches the guest at a virtual time that depends on the host); the result then covers every
   *  complete tick traced. */
  until?: (trace: TraceRecord[], console: string) => boolean;
}

/** Builds systems/test-faults.ts (or `desc`) with guest folder `alphaGuest` (below guests/) for alpha. */
export async function buildFaults(
  alphaGuest: string,
  desc: SystemDescription = testFaults,
): Promise<BuiltSystem> {
  return buildHypervisorSystemFrom(desc, { outRoot: FAULTS_OUT_ROOT, guests: { alpha: alphaGuest } });
}

function readText(file: string): string {
  return existsSync(file) ? readFileSync(file, 'latin1') : '';
}

function completeTrace(text: string): TraceRecord[] {
  return parseTrace(text.slice(0, text.lastIndexOf('\n') + 1));
}

/** Runs `commands` in gdb attached to the stub on `port` (symbols from `elf`), then deletes every
 *  breakpoint and detaches, which lets QEMU run on. Resolves with gdb's output. */
export function runGdb(elf: string, port: number, commands: readonly string[]): Promise<string> {
  const args = ['-batch', '-nx', elf, '-ex', `target remote 127.0.0.1:${port}`];
  for (const command of [...commands, 'delete', 'detach']) args.push('-ex', command);
  return new Promise((resolvePromise, reject) => {
    const gdb = spawn('gdb-multiarch', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    gdb.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    gdb.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      gdb.kill('SIGKILL');
      reject(new Error(`gdb did not finish within ${GDB_LIMIT_MS} ms:\n${output}`));
    }, GDB_LIMIT_MS);
    gdb.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    gdb.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(output);
      else reject(new Error(`gdb exited with ${code}:\n${output}`));
    });
  });
}

/** Boots `elf` and runs it until the trace passes tick `ticks` (see RunOptions for injections). */
export async function runTraced(elf: string, ticks: number, options: RunOptions = {}): Promise<FaultRun> {
  const dir = join(FAULTS_OUT_ROOT, 'runs');
  mkdirSync(dir, { recursive: true });
  const traceFile = join(dir, `trace-${process.pid}.txt`);
  rmSync(traceFile, { force: true });
  let consoleText = '';
  let reached = ticks;
  await withQemu(
    {
      elf,
      icount: { shift: 0 },
      uartFiles: { uart3: traceFile },
      gdb: options.gdbCommands !== undefined,
      log: () => undefined,
    },
    async (vm) => {
      let flooding = true;
      let flood: Promise<void> = Promise.resolve();
      if (options.uart2Flood !== undefined) {
        const uart2 = await vm.connect('uart2');
        const chunk = options.uart2Flood;
        flood = (async () => {
          while (flooding && !vm.exited) await uart2.write(chunk);
        })().catch(() => undefined);
      }
      if (options.gdbCommands !== undefined) {
        if (vm.gdb === undefined) throw new Error('QEMU was started without a gdb stub');
        await runGdb(elf, vm.gdb.port, options.gdbCommands);
      }
      const started = Date.now();
      try {
        for (;;) {
          await new Promise((r) => setTimeout(r, POLL_MS));
          if (vm.exited) throw new Error(`QEMU exited before tick ${ticks}: ${vm.stderr()}\n${vm.output()}`);
          const trace = completeTrace(readText(traceFile));
          const last = trace.length > 0 ? trace[trace.length - 1].tick : -1;
          if (last >= ticks && (options.until === undefined || options.until(trace, vm.output()))) {
            reached = last;
            break;
          }
          if (Date.now() - started > WALL_LIMIT_MS) {
            throw new Error(
              `trace did not reach tick ${ticks} within ${WALL_LIMIT_MS} ms; console:\n${vm.output()}`,
            );
          }
        }
      } finally {
        flooding = false;
      }
      consoleText = vm.output();
      await Promise.race([flood, new Promise((r) => setTimeout(r, 200))]);
    },
  );
  const end = options.until === undefined ? ticks : reached;
  return {
    console: consoleText,
    ticks: end,
    trace: completeTrace(readText(traceFile)).filter((r) => r.tick < end),
  };
}

/** File offset of the byte at physical `address` in a 32-bit little-endian ELF (its PT_LOAD
 *  segments; System V ABI program header layout). */
export function elfFileOffset(bytes: Buffer, address: number): number {
  const programHeaderOffset = bytes.readUInt32LE(28);
  const entrySize = bytes.readUInt16LE(42);
  const count = bytes.readUInt16LE(44);
  const loadType = 1;
  for (let i = 0; i < count; i++) {
    const header = programHeaderOffset + i * entrySize;
    if (bytes.readUInt32LE(header) !== loadType) continue;
    const offset = bytes.readUInt32LE(header + 4);
    const physical = bytes.readUInt32LE(header + 12);
    const fileSize = bytes.readUInt32LE(header + 16);
    if (address >= physical && address < physical + fileSize) return offset + (address - physical);
  }
  throw new Error(`address 0x${address.toString(16)} is in no loadable segment of the ELF file`);
}

/** Copies `elf` to `copy` with the byte at physical `address` inverted; returns the new byte. */
export function corruptElfByte(elf: string, copy: string, address: number): number {
  copyFileSync(elf, copy);
  const bytes = readFileSync(copy);
  const offset = elfFileOffset(bytes, address);
  bytes[offset] = bytes[offset] ^ 0xff;
  writeFileSync(copy, bytes);
  return bytes[offset];
}

/** One fault-log entry as the fault-reader guest printed it. */
export interface PrintedFault {
  seq: number;
  tick: number;
  vm: number;
  event: number;
  action: number;
  address: number;
  detail: number;
  restarts: number;
}

/** The fault-log entries beta's fault-reader printed. */
export function printedFaults(console: string): PrintedFault[] {
  const line =
    /^\[beta\] faults: seq (\d+) tick (\d+) vm (\d+) event (\d+) action (\d+) address 0x([0-9a-f]{8}) detail 0x([0-9a-f]{8}) restarts (\d+)$/gm;
  return [...console.matchAll(line)].map((m) => ({
    seq: Number(m[1]),
    tick: Number(m[2]),
    vm: Number(m[3]),
    event: Number(m[4]),
    action: Number(m[5]),
    address: parseInt(m[6], 16),
    detail: parseInt(m[7], 16),
    restarts: Number(m[8]),
  }));
}

/** beta's slot lines: `[slot, tick]` pairs. */
export function readerSlots(console: string): [number, number][] {
  return [...console.matchAll(/^\[beta\] reader: slot (\d+) tick (\d+)$/gm)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

/** The counts of the `hv: invariants ok <checks>` report lines. */
export function invariantReports(console: string): number[] {
  return [...console.matchAll(/^hv: invariants ok (\d+)$/gm)].map((m) => Number(m[1]));
}
