// Job: start QEMU for a board and an ELF image and hand back a running QemuInstance. Chooses free
// ports for UART1..3 (and the gdb stub), spawns QEMU in its own process group (so a terminal's
// Ctrl-C reaches Node, which then stops QEMU), registers it with the process reaper, and returns only
// once QEMU itself listens on every port. If another process grabbed a port in between, QEMU fails
// to bind and the launch is retried with fresh ports.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { loadBoardProfile } from './board-profile.ts';
import { buildQemuCommand, formatCommand, loopbackHost, type IcountSetting } from './command-line.ts';
import { findExecutable, requireQemu } from './executables.ts';
import { pickFreePorts } from './free-ports.ts';
import { listeningPortsOf } from './listening-sockets.ts';
import { registerChild } from './process-reaper.ts';
import { QemuInstance, type UartPorts } from './qemu-instance.ts';

export interface LaunchOptions {
  /** The image to boot (loaded with -kernel, started at its ELF entry). */
  elf: string;
  /** Board profile name under bsp/; default `realview-eb`. */
  board?: string;
  /** Deterministic instruction counting; default `{ shift: 0 }` (sleep=off). `false` runs in real time. */
  icount?: IcountSetting;
  /** Start halted with a gdb stub on a free port; the attach command is logged and in `gdb.command`. */
  gdb?: boolean;
  /** Overall limit from start to exit; QEMU is killed when it passes. Default: no limit. */
  timeoutMs?: number;
  /** UARTs written to a file from the first byte (e.g. `{ uart3: 'out/trace.txt' }`) instead of a
   *  TCP server, which drops what is sent before a client connects. */
  uartFiles?: Partial<Record<'uart1' | 'uart2' | 'uart3', string>>;
  /** UART0 written to this file instead of QEMU's stdout (`output()`, `onLine` and `echo` then see
   *  nothing of it). A file never pushes back; stdout can (a pipe the caller reads late), and a UART
   *  model that waits for its backend, such as mps3-an536's CMSDK UART, then keeps its transmit buffer
   *  full while icount time goes on, so the firmware sees a console that stalls for host reasons. */
  consoleFile?: string;
  /** Extra QEMU arguments, appended last. */
  extraArgs?: string[];
  /** Copy UART0's raw bytes to this stream as they arrive (e.g. process.stdout). */
  echo?: NodeJS.WritableStream;
  /** Called with each complete UART0 line. */
  onLine?: (line: string) => void;
  /** Where notices (the gdb attach command) go; default stderr. */
  log?: (message: string) => void;
  /**
   * Start QEMU under `setpriv --pdeathsig KILL` (when available) so it dies with this Node process
   * even if Node is killed by SIGKILL. Default true; tests turn it off to check the reaper alone.
   */
  dieWithParent?: boolean;
  /** How ports are chosen; default pickFreePorts. Tests replace it to provoke a lost port race. */
  portPicker?: (count: number) => Promise<number[]>;
}

export const defaultBoard = 'realview-eb';
const startupLimitMs = 10_000;
const startupPollMs = 5;
const launchAttempts = 5;
const bindFailure = /Address already in use|Failed to bind|could not bind/i;

function checkElf(elf: string): string {
  const path = resolve(elf);
  let header: Buffer;
  try {
    const fd = openSync(path, 'r');
    header = Buffer.alloc(4);
    readSync(fd, header, 0, 4, 0);
    closeSync(fd);
  } catch (err) {
    throw new Error(`ELF image '${elf}' cannot be read (${(err as Error).message})`);
  }
  if (!header.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) {
    throw new Error(`'${elf}' is not an ELF file (bad magic)`);
  }
  return path;
}

type StartupOutcome =
  { kind: 'listening' } | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null };

/** Polls until QEMU owns a listening socket on every port, or exits. */
function waitUntilListening(child: ChildProcessWithoutNullStreams, ports: number[]): Promise<StartupOutcome> {
  const canInspect = existsSync('/proc/net/tcp');
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      resolvePromise({ kind: 'exited', code, signal });
    };
    child.once('exit', onExit);
    const poll = (): void => {
      const listening = canInspect ? listeningPortsOf(child.pid!) : new Set(ports);
      if (ports.every((port) => listening.has(port))) {
        child.removeListener('exit', onExit);
        resolvePromise({ kind: 'listening' });
        return;
      }
      if (Date.now() - started > startupLimitMs) {
        child.removeListener('exit', onExit);
        child.kill('SIGKILL');
        reject(
          new Error(
            `QEMU (pid ${child.pid}) did not open its ports ${ports.join(', ')} within ${startupLimitMs} ms`,
          ),
        );
        return;
      }
      timer = setTimeout(poll, startupPollMs);
    };
    poll();
  });
}

export async function launch(options: LaunchOptions): Promise<QemuInstance> {
  const board = loadBoardProfile(options.board ?? defaultBoard);
  const elf = checkElf(options.elf);
  const qemuPath = requireQemu(board.qemuBinary);
  const setpriv = options.dieWithParent === false ? null : findExecutable('setpriv');
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const icount = options.icount ?? { shift: 0 };
  if (options.timeoutMs !== undefined && (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0)) {
    throw new Error(`timeoutMs must be a positive number of milliseconds (got ${options.timeoutMs})`);
  }

  const uartFiles = options.uartFiles ?? {};
  for (const name of Object.keys(uartFiles)) {
    const index = /^uart([0-9]+)$/.exec(name);
    if (index === null || Number(index[1]) < 1 || Number(index[1]) >= board.uarts) {
      throw new Error(
        `uartFiles: '${name}' is not a TCP UART of board '${board.name}' (uart1..uart${board.uarts - 1})`,
      );
    }
  }
  let lastFailure = '';
  for (let attempt = 1; attempt <= launchAttempts; attempt++) {
    const fileFor = (index: number): string | undefined =>
      uartFiles[`uart${index}` as keyof typeof uartFiles];
    const tcpUarts: number[] = [];
    for (let index = 1; index < board.uarts; index++) if (fileFor(index) === undefined) tcpUarts.push(index);
    const portCount = tcpUarts.length + (options.gdb === true ? 1 : 0);
    const chosen = await (options.portPicker ?? pickFreePorts)(portCount);
    const uartPorts: (number | null)[] = [];
    for (let index = 1; index < board.uarts; index++) {
      const slot = tcpUarts.indexOf(index);
      uartPorts.push(slot < 0 ? null : chosen[slot]);
    }
    const gdbPort = options.gdb === true ? chosen[chosen.length - 1] : undefined;
    const command = buildQemuCommand(board, {
      elf,
      icount,
      uartPorts,
      uartFiles: Object.fromEntries(
        Object.entries(uartFiles).map(([name, file]) => [Number(name.slice(4)), resolve(file)]),
      ),
      gdbPort,
      extraArgs: options.extraArgs,
      ...(options.consoleFile === undefined ? {} : { consoleFile: resolve(options.consoleFile) }),
    });
    const argv = setpriv !== null ? ['--pdeathsig', 'KILL', '--', qemuPath, ...command.args] : command.args;
    const child = spawn(setpriv ?? qemuPath, argv, {
      env: { ...process.env, ...command.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const spawnError = new Promise<never>((_, reject) =>
      child.once('error', (err) => reject(new Error(`cannot start ${qemuPath}: ${err.message}`))),
    );
    spawnError.catch(() => undefined);
    if (child.pid === undefined) await spawnError;
    registerChild(child);

    const ports = Object.fromEntries(
      uartPorts.flatMap((port, i) => (port === null ? [] : [[`uart${i + 1}`, port]])),
    ) as UartPorts;
    const gdb =
      gdbPort !== undefined
        ? {
            port: gdbPort,
            command: formatCommand('gdb-multiarch', [elf, '-ex', `target remote ${loopbackHost}:${gdbPort}`]),
          }
        : undefined;
    const instance = new QemuInstance(child, formatCommand(qemuPath, command.args), ports, gdb, options.echo);
    if (options.onLine !== undefined) instance.uart0.onLine(options.onLine);
    if (options.timeoutMs !== undefined) instance.armTimeout(options.timeoutMs);

    const outcome = await Promise.race([waitUntilListening(child, chosen), spawnError]);
    if (outcome.kind === 'listening') {
      if (gdb !== undefined) log(`QEMU is halted waiting for a debugger; attach with:\n  ${gdb.command}`);
      return instance;
    }
    await instance.kill();
    if (instance.timedOut !== null) throw instance.timedOut;
    const stderr = instance.stderr().trim();
    // QEMU reports its own start-up failures on stderr, prefixed with its name. An exit without such a
    // report is the firmware ending its run (a semihosting exit) before the ports were seen listening.
    if (outcome.signal === null && !stderr.includes(`${basename(qemuPath)}:`)) return instance;
    lastFailure = `QEMU exited during start-up (${outcome.signal ?? `code ${outcome.code}`}): ${stderr || '(no message)'}\ncommand: ${instance.command}`;
    if (!bindFailure.test(stderr)) break;
  }
  throw new Error(lastFailure);
}
