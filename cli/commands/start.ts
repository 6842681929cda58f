// Job: `bulkhead start [system] [--board BOARD] [--duration SECONDS[s|v]] [--icount SHIFT | --no-icount]
// [--no-lockstep] [--can-port N] [--no-dashboard | --dashboard-port N]` (what `npm start` runs): build a system (default systems/demo.ts) with
// its guests, for another board than its own if asked (firmware/config/retarget.ts), boot it in QEMU,
// serve the host vehicle model on UART2 when a VM passes UART2 through (the HIL link of the control
// guest; in lock-step by default, start-time.ts), stream UART0 (hypervisor console, guest lines prefixed
// with the VM name) to stdout, serve the virtual CAN bus (UART1, SLCAN) to any number of host clients
// through the bus hub (qemu/bus/start-bus.ts), print how to join it and talk UDS to the diagnostic guest
// there, serve the live dashboard (dashboard/) on the loopback interface and print its URL, record the trace (UART3) from the first byte to out/<system>/trace.txt (cli/trace/recording.ts)
// and say so, and stop cleanly on Ctrl-C or after `--duration` seconds
// of wall time (`20`, `20s`) or of virtual time (`20v`) (exit 0).
// Exits with QEMU's code if the firmware stops by itself, 2 on bad arguments or a failed build.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { printedProgress } from '../build/progress.ts';
import { buildHypervisorSystemFrom, systemFileFor, type BuiltSystem } from '../build/system.ts';
import { boardNames, findBoard } from '../../firmware/config/boards.ts';
import { retargetSystem } from '../../firmware/config/retarget.ts';
import { loadSystemModule } from '../../firmware/config/load.ts';
import type { SystemDescription } from '../../firmware/config/types.ts';
import {
  launch,
  monitorArguments,
  resumeThroughMonitor,
  type IcountSetting,
  type QemuInstance,
} from '../../qemu/runner/index.ts';
import { pickFreePorts } from '../../qemu/runner/free-ports.ts';
import type { BusHub } from '../../qemu/bus/bus-hub.ts';
import { CanPortError, resolveCanPort, type CanPortSetting } from '../../qemu/bus/can-port.ts';
import { findPythonCan } from '../../qemu/bus/python-can.ts';
import { canBusNotes, dbcFileFor, joinGuestBus, openCanBusHub } from '../../qemu/bus/start-bus.ts';
import {
  controlPeriodsIn,
  parseRunDuration,
  startHilLink,
  timeSummary,
  type DurationClock,
  type StartHilLink,
} from './start-time.ts';
import { traceRecording } from '../trace/recording.ts';
import { startDashboard, type StartedDashboard } from '../../dashboard/start-dashboard.ts';

export const summary =
  'build and boot a system (default: the demo) with the host vehicle model and the CAN bus';

export const DEFAULT_SYSTEM = 'systems/demo.ts';
const MAX_ICOUNT_SHIFT = 10;
/** The UART passed through to the control guest for the HIL link (docs/DESIGN.md §5). */
const HIL_UART_DEVICE = 'uart2';

export const startUsage = `usage: bulkhead start [system] [--board BOARD] [--duration SECONDS[s|v]] [--icount SHIFT | --no-icount] [--no-lockstep] [--can-port N] [--no-dashboard | --dashboard-port N]

  system              a system file (systems/*.ts) or name (default ${DEFAULT_SYSTEM})
  --board BOARD       run the system on this board instead of its own (${boardNames().join(', ')})
  --duration 20 | 20s stop after 20 s of wall time (default: run until Ctrl-C)
  --duration 20v      stop after 20 s of virtual time: 2000 control periods of the HIL link
  --icount SHIFT      deterministic instruction counting, 2^SHIFT ns per instruction (default 0)
  --no-icount         run in real time instead
  --no-lockstep       let the machine run while the vehicle model answers (faster, but a busy host
                      makes replies miss their period); default: lock-step through QEMU's gdb stub
  --can-port N        serve the CAN bus hub on TCP port N (default: $BULKHEAD_CAN_PORT, else a free port)
  --no-dashboard      do not serve the live dashboard
  --dashboard-port N  serve the dashboard on TCP port N of 127.0.0.1 (default: a free port)`;

export class StartArgumentError extends Error {}

/** The CAN bus hub's port cannot be had (message names it and how to choose another). */
class CanBusPortError extends Error {}

export interface StartArguments {
  systemFile: string;
  /** The board to run on, when not the system's own. */
  board: string | null;
  durationS: number | null;
  /** Which clock `durationS` counts: wall (`20`, `20s`) or virtual (`20v`). */
  durationClock: DurationClock;
  icount: IcountSetting;
  /** Hold the machine while the vehicle model answers (default true; `--no-lockstep`). */
  lockstep: boolean;
  /** The CAN bus hub's port (`--can-port`, BULKHEAD_CAN_PORT or a free one). */
  canPort: CanPortSetting;
  /** Serve the dashboard (`--no-dashboard`: no), on this port (undefined: a free one). */
  dashboard: boolean;
  dashboardPort: number | undefined;
  help: boolean;
}

/** Parses the command's arguments; throws `StartArgumentError` naming the offending one. */
export function parseStartArguments(args: readonly string[]): StartArguments {
  let system: string | null = null;
  let durationS: number | null = null;
  let durationClock: DurationClock = 'wall';
  let lockstep = true;
  let board: string | null = null;
  let icount: IcountSetting = { shift: 0 };
  let canPortOption: string | null = null;
  let dashboard = true;
  let dashboardPort: number | undefined;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const next = args[i + 1];
      if (next === undefined) throw new StartArgumentError(`${arg} needs a value`);
      i++;
      return next;
    };
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--board') {
      board = value();
      if (findBoard(board) === undefined) {
        throw new StartArgumentError(`--board '${board}' is not a board (${boardNames().join(', ')})`);
      }
    } else if (arg === '--duration') {
      const text = value();
      const duration = parseRunDuration(text);
      if (duration === null) {
        throw new StartArgumentError(
          `--duration '${text}' is not a positive number of seconds (20 or 20s: wall time, 20v: virtual time)`,
        );
      }
      durationS = duration.seconds;
      durationClock = duration.clock;
    } else if (arg === '--icount') {
      const text = value();
      const shift = Number(text);
      if (!/^\d+$/.test(text) || shift > MAX_ICOUNT_SHIFT) {
        throw new StartArgumentError(`--icount '${text}' is not a shift between 0 and ${MAX_ICOUNT_SHIFT}`);
      }
      icount = { shift };
    } else if (arg === '--no-icount') icount = false;
    else if (arg === '--no-lockstep') lockstep = false;
    else if (arg === '--can-port') canPortOption = value();
    else if (arg === '--no-dashboard') dashboard = false;
    else if (arg === '--dashboard-port') {
      const text = value();
      const port = Number(text);
      if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
        throw new StartArgumentError(`--dashboard-port '${text}' is not a TCP port (1 to 65535)`);
      }
      dashboardPort = port;
    } else if (arg.startsWith('-')) throw new StartArgumentError(`unknown option '${arg}'`);
    else if (system !== null)
      throw new StartArgumentError(`unexpected argument '${arg}' (system already '${system}')`);
    else system = arg;
  }
  const systemFile = system === null ? DEFAULT_SYSTEM : systemFileFor(system);
  if (systemFile === undefined || !existsSync(resolve(systemFile))) {
    throw new StartArgumentError(`system '${system}' is neither a file nor a name under systems/`);
  }
  return {
    systemFile,
    board,
    durationS,
    durationClock,
    icount,
    lockstep,
    canPort: canPortSettingOf(canPortOption),
    dashboard,
    dashboardPort,
    help,
  };
}

/** The CAN bus hub's port from `--can-port` and the environment; errors name the bad value. */
function canPortSettingOf(option: string | null): CanPortSetting {
  try {
    return resolveCanPort(option);
  } catch (err) {
    if (err instanceof CanPortError) throw new StartArgumentError(err.message);
    throw err;
  }
}

/** The VM (name) that has UART2 passed through, if any. */
export function hilVmOf(desc: SystemDescription): string | null {
  const vm = desc.vms.find((v) => v.devices.some((d) => d.device === HIL_UART_DEVICE));
  return vm === undefined ? null : vm.name;
}

/** The lines printed before the console stream: what runs and how to connect. */
export function connectionNotes(
  desc: SystemDescription,
  vm: QemuInstance,
  hilVm: string | null,
  canLines: readonly string[] = [],
  traceNote: string | null = null,
  dashboardUrl: string | null = null,
): string[] {
  const uartPort = (uart: number): number | undefined => vm.ports[`uart${uart}`];
  const lines = [
    `bulkhead start: system '${desc.name}' (${desc.vms.map((v) => v.name).join(', ')}), QEMU pid ${vm.pid}`,
  ];
  lines.push(...canLines);
  const tracePort = desc.traceUart >= 0 ? uartPort(desc.traceUart) : undefined;
  if (tracePort !== undefined) {
    lines.push(`  trace on UART${desc.traceUart}: tcp 127.0.0.1:${tracePort}`);
  }
  if (traceNote !== null) lines.push(traceNote);
  if (hilVm !== null) {
    lines.push(
      `  vehicle model on UART2 (HIL link of '${hilVm}'): tcp 127.0.0.1:${uartPort(2)}, served by this command`,
    );
  }
  if (dashboardUrl !== null)
    lines.push(
      `  dashboard: ${dashboardUrl} (live slots, CPU load, faults, CAN, UDS, vehicle; --no-dashboard skips it)`,
    );
  lines.push('  console (UART0) follows; Ctrl-C stops', '');
  return lines;
}

export async function run(args: string[]): Promise<number> {
  let parsed: StartArguments;
  try {
    parsed = parseStartArguments(args);
  } catch (err) {
    if (!(err instanceof StartArgumentError)) throw err;
    console.error(`bulkhead start: ${err.message}\n\n${startUsage}`);
    return 2;
  }
  if (parsed.help) {
    console.log(startUsage);
    return 0;
  }
  // Asked once, during the build, for the python-can line of the connection notes.
  const python = findPythonCan();
  let desc: SystemDescription;
  let built: BuiltSystem;
  let hub: BusHub | null = null;
  try {
    const { description: loaded, guestDefines } = await loadSystemModule(parsed.systemFile);
    desc = parsed.board === null ? loaded : retargetSystem(loaded, parsed.board);
    // The CAN bus hub's port is bound before the build, so a taken port stops here at once, named.
    hub = await openCanBusHub(desc, parsed.canPort, (message) => console.error(message)).catch(
      (err: unknown) => {
        throw new CanBusPortError((err as Error).message);
      },
    );
    built = await buildHypervisorSystemFrom(desc, {
      guestDefines,
      progress: printedProgress('bulkhead start'),
    });
  } catch (err) {
    await hub?.close();
    if (err instanceof CanBusPortError) console.error(`bulkhead start: ${err.message}`);
    else console.error(`bulkhead start: cannot build '${parsed.systemFile}': ${(err as Error).message}`);
    return 2;
  }
  const hilVm = hilVmOf(desc);
  const virtualSeconds = parsed.durationClock === 'virtual' ? parsed.durationS : null;
  if (virtualSeconds !== null && hilVm === null) {
    console.error(
      `bulkhead start: --duration ${parsed.durationS}v counts control periods of the HIL link, and system '${desc.name}' has no VM with UART2`,
    );
    await hub?.close();
    return 2;
  }

  // Console lines are held back until the connection notes are out, then streamed as they arrive.
  const held: string[] = [];
  let streaming = false;
  let dashboard: StartedDashboard | null = null;
  const onLine = (line: string): void => {
    dashboard?.consoleLine(line);
    if (streaming) process.stdout.write(`${line}\n`);
    else held.push(line);
  };
  const lockstep = parsed.lockstep && hilVm !== null;
  const monitorPort = hilVm !== null && !lockstep ? (await pickFreePorts(1))[0] : null;
  const recording = traceRecording(desc);
  let vm: QemuInstance;
  try {
    vm = await launch({
      elf: built.elf,
      board: desc.board,
      icount: parsed.icount,
      uartFiles: recording.uartFiles,
      onLine,
      log: (message) => console.error(message),
      ...haltedLaunchOptions(lockstep, monitorPort),
    });
  } catch (err) {
    await hub?.close();
    throw err;
  }
  const guestBus = hub === null ? null : joinGuestBus(hub, desc, vm, (message) => console.error(message));
  let link: StartHilLink | null = null;
  if (hilVm !== null) {
    try {
      link = await startHilLink(vm, built, hilVm, desc.board, {
        lockstep,
        virtualSeconds,
        resume: () => resumeThroughMonitor(monitorPort!),
      });
    } catch (err) {
      await vm.kill();
      await (await guestBus)?.close();
      await hub?.close();
      console.error(`bulkhead start: cannot serve the HIL link: ${(err as Error).message}`);
      return 1;
    }
  }
  const hil = link?.hil ?? null;
  if (parsed.dashboard) {
    try {
      dashboard = await startDashboard({
        desc,
        traceFile: recording.file,
        dbcFile: dbcFileFor(parsed.systemFile),
        hub,
        hil,
        hilVm,
        lockstep: link?.lockstep ?? null,
        port: parsed.dashboardPort,
      });
      for (const line of held) dashboard.consoleLine(line);
    } catch (err) {
      link?.close();
      await vm.kill();
      await (await guestBus)?.close();
      await hub?.close();
      console.error(`bulkhead start: cannot serve the dashboard: ${(err as Error).message}`);
      return 2;
    }
  }
  const canLines =
    hub === null ? [] : canBusNotes(desc, hub, parsed.canPort, await python, dbcFileFor(parsed.systemFile));
  process.stdout.write(
    connectionNotes(desc, vm, hilVm, canLines, recording.note, dashboard?.url ?? null).join('\n') + '\n',
  );
  for (const line of held) process.stdout.write(`${line}\n`);
  streaming = true;

  let stoppedBy: string | null = null;
  const stop = (reason: string): void => {
    if (stoppedBy !== null) return;
    stoppedBy = reason;
    void vm.kill();
  };
  const onSignal = (signal: NodeJS.Signals): void => stop(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timer =
    parsed.durationS === null || parsed.durationClock !== 'wall'
      ? null
      : setTimeout(() => stop('duration'), parsed.durationS * 1000);
  void link?.virtualDurationReached.then(() => stop('duration'));
  link?.lockstep?.finished.catch((err: Error) => {
    console.error(`bulkhead start: ${err.message}`);
    stop('lock-step failure');
  });
  try {
    const result = await vm.wait();
    const steps = hil?.peer.trace.length ?? 0;
    const last = hil?.peer.trace.at(-1);
    if (hil !== null) {
      console.log(
        `\nbulkhead start: vehicle model served ${steps} control periods` +
          (last === undefined ? '' : `, last speed ${last.speedKmh.toFixed(2)} km/h`),
      );
      console.log(timeSummary(link!, virtualSeconds === null ? null : controlPeriodsIn(virtualSeconds)));
    }
    if (stoppedBy !== null) {
      console.log(
        `bulkhead start: stopped (${stoppedBy === 'duration' ? `after ${parsed.durationS} s${virtualSeconds === null ? '' : ' of virtual time'}` : stoppedBy})`,
      );
      return 0;
    }
    console.error(`bulkhead start: the firmware stopped by itself (exit code ${result.exitCode})`);
    return result.exitCode ?? 1;
  } finally {
    if (timer !== null) clearTimeout(timer);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await dashboard?.close();
    link?.close();
    await (await guestBus)?.close();
    await hub?.close();
  }
}

/** Launch options that start the machine halted so the HIL peer is connected before the guest's first
 *  frame: with a gdb stub for lock-step (its attach notice is not shown), or with a monitor to resume
 *  it through. */
function haltedLaunchOptions(
  lockstep: boolean,
  monitorPort: number | null,
): { gdb?: boolean; log?: () => void; extraArgs?: string[] } {
  if (lockstep) return { gdb: true, log: () => undefined };
  if (monitorPort !== null) return { extraArgs: ['-S', ...monitorArguments(monitorPort)] };
  return {};
}
