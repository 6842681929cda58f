// Builds a hypervisor system image (cli/build/system.ts) and boots it in QEMU (realview-eb, Cortex-R5F,
// `-icount shift=0,sleep=off`) through the runner with UART3 (trace stream) captured to a file from the
// first byte, until the trace has reached a given tick; returns the console (UART0) text and the parsed
// trace records of the complete ticks before it.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import {
  buildHypervisorSystemFrom,
  type BuiltSystem,
  type SystemBuildOptions,
} from '../../../../cli/build/system.ts';
import { retargetSystem } from '../../../../firmware/config/retarget.ts';
import type { SystemDescription } from '../../../../firmware/config/types.ts';
import { withQemu } from '../../../../qemu/runner/index.ts';
import { parseTrace, type TraceRecord } from '../../../../firmware/sim/trace-lines.ts';

export const OUT_ROOT = resolve('out/e2e/hypervisor');
/** VM index the trace uses for "no VM" (the idle gap, the hypervisor). */
export const NO_VM = 0xff;

export interface TracedRun {
  image: BuiltSystem;
  console: string;
  /** Trace records of ticks 0 .. ticks-1 (all complete). */
  trace: TraceRecord[];
}

/** Wall-clock bound for one boot: QEMU runs about 2500 ticks of 1 ms per wall second here. */
const WALL_LIMIT_MS = 20_000;
const POLL_MS = 50;
/** Longest wait for the console to finish the line it is writing once the trace reached the tick. */
const CONSOLE_SETTLE_MS = 3_000;

function lastTick(text: string): number {
  const lines = text.split('\n');
  for (let i = lines.length - 2; i >= 0; i--) {
    const m = /^@([0-9a-f]{8})\./.exec(lines[i] ?? '');
    if (m !== null) return parseInt(m[1], 16);
  }
  return -1;
}

/** The board the hypervisor suites run on: each system's own, or the one `BH_TEST_BOARD` names (then
 *  every system is moved there, `npm run test:boards`). */
export const TEST_BOARD: string | undefined = process.env.BH_TEST_BOARD;

/** `desc` as the suites run it: on its own board, or moved to `TEST_BOARD`. */
export function testedSystem(desc: SystemDescription): SystemDescription {
  return TEST_BOARD === undefined ? desc : retargetSystem(desc, TEST_BOARD);
}

/** Builds `desc` (with guest overrides; on `TEST_BOARD` when set) and runs it until the trace passes
 *  tick `ticks`. */
export async function bootTraced(
  original: SystemDescription,
  ticks: number,
  options: Omit<SystemBuildOptions, 'outRoot'> = {},
): Promise<TracedRun> {
  const desc = testedSystem(original);
  const image = await buildHypervisorSystemFrom(desc, { ...options, outRoot: OUT_ROOT });
  const traceFile = join(image.dir, 'uart3.txt');
  mkdirSync(image.dir, { recursive: true });
  rmSync(traceFile, { force: true });
  let consoleText = '';
  // A console every VM routes to another UART than UART0 (QEMU's standard output) is captured to a file:
  // a file never holds the UART back, where a pipe to Node may.
  const routes = new Set(desc.console.map((route) => route.uart));
  const consoleUart = routes.size === 1 ? [...routes][0] : 0;
  const consoleFile = consoleUart === 0 ? null : join(image.dir, `uart${consoleUart}.txt`);
  if (consoleFile !== null) rmSync(consoleFile, { force: true });
  const uartFiles = {
    uart3: traceFile,
    ...(consoleFile === null ? {} : { [`uart${consoleUart}`]: consoleFile }),
  };
  const qemu = { elf: image.elf, board: desc.board, icount: { shift: 0 }, uartFiles };
  await withQemu(qemu, async (vm) => {
    const started = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (vm.exited) {
        throw new Error(`QEMU exited before tick ${ticks}: ${vm.stderr()}\nconsole:\n${vm.output()}`);
      }
      if (lastTick(readText(traceFile)) >= ticks) break;
      if (Date.now() - started > WALL_LIMIT_MS) {
        throw new Error(
          `trace did not reach tick ${ticks} within ${WALL_LIMIT_MS} ms; console:\n${vm.output()}`,
        );
      }
    }
    // The console reaches Node through QEMU's character device and may trail the trace file by a few
    // bytes on a loaded machine: wait (boundedly) for the line being written to be complete.
    const settled = Date.now();
    while (!vm.output().endsWith('\n') && Date.now() - settled < CONSOLE_SETTLE_MS)
      await new Promise((r) => setTimeout(r, POLL_MS));
    consoleText = consoleFile === null ? vm.output() : readText(consoleFile);
  });
  const text = readText(traceFile);
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return {
    image,
    console: consoleText,
    trace: parseTrace(complete).filter((record) => record.tick < ticks),
  };
}

function readText(file: string): string {
  return existsSync(file) ? readFileSync(file, 'latin1') : '';
}

/** The owner of each tick of the plan: `owner[t % majorFrame]` (NO_VM in gaps). */
export function slotOwners(desc: SystemDescription, plan = 0): { owners: number[]; starts: Set<number> } {
  const p = desc.plans[plan];
  const owners = new Array<number>(p.majorFrame).fill(NO_VM);
  const starts = new Set<number>([0]);
  for (const slot of p.slots) {
    const vm = desc.vms.findIndex((v) => v.name === slot.vm);
    for (let t = slot.start; t < slot.start + slot.duration; t++) owners[t] = vm;
    starts.add(slot.start);
    starts.add(slot.start + slot.duration);
  }
  starts.delete(p.majorFrame);
  return { owners, starts };
}

/**
 * Checks the slot switches of a trace against the plan: a switch exactly at every window boundary of
 * every frame before `ticks` (owner as planned; NO_VM for gaps), no switch anywhere else, and every
 * record a VM produced (hypercalls, port operations) inside one of that VM's own windows. Returns a list
 * of violations (empty when the schedule was kept).
 */
export function scheduleViolations(desc: SystemDescription, trace: TraceRecord[], ticks: number): string[] {
  const { owners, starts } = slotOwners(desc);
  const frame = owners.length;
  const problems: string[] = [];
  const switches = trace.filter((r) => r.kind === 'S');
  const expected: { tick: number; vm: number }[] = [];
  for (let t = 0; t < ticks; t++) {
    if (starts.has(t % frame)) expected.push({ tick: t, vm: owners[t % frame] });
  }
  const seen = switches.map((s) => ({ tick: s.tick, vm: s.vm }));
  const length = Math.max(expected.length, seen.length);
  for (let i = 0; i < length && problems.length < 10; i++) {
    const e = expected[i];
    const s = seen[i];
    if (e === undefined || s === undefined || e.tick !== s.tick || e.vm !== s.vm) {
      problems.push(`switch ${i}: expected ${JSON.stringify(e)}, trace has ${JSON.stringify(s)}`);
    }
  }
  for (const r of trace) {
    if ((r.kind === 'H' || r.kind === 'P') && r.vm !== NO_VM && owners[r.tick % frame] !== r.vm) {
      problems.push(`VM ${r.vm} ran at tick ${r.tick} outside its windows: ${JSON.stringify(r)}`);
      if (problems.length >= 20) break;
    }
  }
  return problems;
}
