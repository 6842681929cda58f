// Job: turn a board profile plus run options into QEMU's argument vector and environment.
// Pure: no processes, no sockets; the ports are chosen by the caller.
import type { BoardProfile } from './board-profile.ts';

/** `-icount` setting: a shift (virtual ns per instruction = 2^shift) or off. */
export type IcountSetting = { shift: number; sleep?: boolean } | false;

export interface QemuCommandOptions {
  elf: string;
  icount: IcountSetting;
  /** TCP ports for UART1..UART(n-1), in order; `null` where `uartFiles` captures that UART. */
  uartPorts: (number | null)[];
  /** UARTs (1..n-1) written to a file from the first byte instead of a TCP server. */
  uartFiles?: Partial<Record<number, string>>;
  /** UART0 written to this file instead of QEMU's stdout. */
  consoleFile?: string;
  /** When set, QEMU starts halted (-S) with a gdb stub on this port. */
  gdbPort?: number;
  extraArgs?: string[];
}

export interface QemuCommand {
  binary: string;
  args: string[];
  env: Record<string, string>;
}

export const loopbackHost = '127.0.0.1';

export function icountArgument(icount: IcountSetting): string[] {
  if (icount === false) return [];
  const { shift, sleep = false } = icount;
  if (!Number.isInteger(shift) || shift < 0 || shift > 10) {
    throw new Error(`icount shift must be an integer from 0 to 10 (got ${String(shift)})`);
  }
  return ['-icount', `shift=${shift},sleep=${sleep ? 'on' : 'off'}`];
}

function checkPort(port: number, what: string): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${what}: port must be an integer from 1 to 65535 (got ${String(port)})`);
  }
}

export function buildQemuCommand(board: BoardProfile, options: QemuCommandOptions): QemuCommand {
  const tcpUarts = board.uarts - 1;
  if (options.uartPorts.length !== tcpUarts) {
    throw new Error(
      `board '${board.name}' has ${board.uarts} UARTs, so ${tcpUarts} TCP ports are needed (got ${options.uartPorts.length})`,
    );
  }
  // prettier-ignore
  const args = [
    '-M', board.machine,
    '-cpu', board.cpu,
    '-m', board.memory,
    // No default devices, no window, no monitor: nothing may take stdio away from UART0.
    '-nodefaults',
    '-display', 'none',
    // QEMU >= 9 refuses to start without an audio backend once -nodefaults is given.
    '-audio', 'none',
    '-monitor', 'none',
    // A firmware reset ends the run instead of looping.
    '-no-reboot',
    ...icountArgument(options.icount),
    '-semihosting-config', 'enable=on,target=native',
    ...board.machineArgs,
  ];
  // One -serial per QEMU serial port up to the last a UART uses; ports no UART uses get `null`.
  const serials: string[] = Array.from({ length: Math.max(...board.uartSerialPorts) + 1 }, () => 'null');
  // UART0: the caller, over QEMU's stdin/stdout, or a file.
  serials[board.uartSerialPorts[0]] =
    options.consoleFile === undefined ? 'stdio' : `file:${options.consoleFile}`;
  options.uartPorts.forEach((port, index) => {
    const slot = board.uartSerialPorts[index + 1];
    const file = options.uartFiles?.[index + 1];
    if (file !== undefined) {
      // A file receives every byte from reset on; a TCP server without a client drops them.
      serials[slot] = `file:${file}`;
      return;
    }
    if (port === null) throw new Error(`UART${index + 1}: needs a TCP port or a capture file`);
    checkPort(port, `UART${index + 1}`);
    // nodelay: a guest writes byte by byte; without it the host's delayed ACK holds each frame ~40 ms.
    serials[slot] = `tcp:${loopbackHost}:${port},server=on,wait=off,nodelay=on`;
  });
  for (const serial of serials) args.push('-serial', serial);
  if (options.gdbPort !== undefined) {
    checkPort(options.gdbPort, 'gdb stub');
    args.push('-S', '-gdb', `tcp:${loopbackHost}:${options.gdbPort}`);
  }
  args.push('-kernel', options.elf, ...(options.extraArgs ?? []));
  return { binary: board.qemuBinary, args, env: { ...board.env } };
}

/** Renders a command for humans, quoting arguments that need it for a POSIX shell. */
export function formatCommand(binary: string, args: readonly string[]): string {
  const quote = (word: string): string =>
    /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
  return [binary, ...args].map(quote).join(' ');
}
