// Job: the QEMU profile of a board — which QEMU binary, machine, CPU, memory size, how many UARTs the
// board has and which environment QEMU needs — read from the board's description
// (`bsp/<board>/board.ts`), and checked against it (QEMU's memory size is the board's RAM).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { BoardDescription } from '../../bsp/board-description.ts';
import { boards } from '../../bsp/boards.ts';

export interface BoardProfile {
  /** Board name, the folder under `bsp/`. */
  name: string;
  /** The description the profile came from (for error messages). */
  source: string;
  qemuBinary: string;
  machine: string;
  cpu: string;
  /** Memory size as QEMU's `-m` accepts it, e.g. `128M`. */
  memory: string;
  /** Number of UARTs; UART0 goes to the caller, UART1..n-1 to TCP ports. */
  uarts: number;
  /** Environment variables QEMU is started with (none on the boards so far). */
  env: Record<string, string>;
  /** Arguments the machine needs besides the runner's own. */
  machineArgs: string[];
  /** QEMU serial port of each UART, by UART index. */
  uartSerialPorts: number[];
}

/** The repository root: this file lives in `<root>/qemu/runner/`. */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const memoryUnits: Record<string, number> = { '': 1024 * 1024, K: 1024, M: 1024 * 1024, G: 1024 ** 3 };

/** Bytes of a QEMU `-m` value (`128M`; no suffix means MiB), or undefined when it is not one. */
export function qemuMemoryBytes(memory: string): number | undefined {
  const match = /^([1-9][0-9]*)([KMG]?)$/.exec(memory);
  return match === null ? undefined : Number(match[1]) * memoryUnits[match[2]];
}

/** The QEMU profile of `board`; throws naming the board's description when its QEMU memory size is not
 *  its RAM size or it has no UART for the console. */
export function boardProfile(board: BoardDescription): BoardProfile {
  const source = `bsp/${board.name}/board.ts`;
  if (qemuMemoryBytes(board.qemu.memory) !== board.ram.size) {
    throw new Error(
      `${source}: qemu.memory '${board.qemu.memory}' is not the board's RAM size (${board.ram.size} bytes)`,
    );
  }
  if (board.uartCount < 1 || board.uartCount > 8) {
    throw new Error(`${source}: the runner needs 1 to 8 UARTs (the board has ${board.uartCount})`);
  }
  const uartSerialPorts = [
    ...(board.qemu.serialPorts ?? Array.from({ length: board.uartCount }, (_, i) => i)),
  ];
  if (
    uartSerialPorts.length !== board.uartCount ||
    new Set(uartSerialPorts).size !== uartSerialPorts.length ||
    uartSerialPorts.some((port) => !Number.isInteger(port) || port < 0 || port > 15)
  ) {
    throw new Error(
      `${source}: qemu.serialPorts must give each of the ${board.uartCount} UARTs its own port`,
    );
  }
  return {
    name: board.name,
    source,
    qemuBinary: board.qemu.binary,
    machine: board.qemu.machine,
    cpu: board.qemu.cpu,
    memory: board.qemu.memory,
    uarts: board.uartCount,
    env: { ...board.qemu.env },
    machineArgs: [...(board.qemu.args ?? [])],
    uartSerialPorts,
  };
}

/** The QEMU profile of the board called `name`; throws naming the unknown board and the known ones. */
export function loadBoardProfile(name: string): BoardProfile {
  const board = boards.find((b) => b.name === name);
  if (board === undefined) {
    throw new Error(`unknown board '${name}' (known boards: ${boards.map((b) => b.name).join(', ')})`);
  }
  return boardProfile(board);
}
