// The configuration side's access to the boards: lookup by name, device lookup, interrupt numbering and
// the partition RAM.
// The facts themselves are in each board's own description (`bsp/<board>/board.ts`, listed in
// bsp/boards.ts); nothing here restates them.
import type { AddressRange, BoardDescription, BoardDevice } from '../../bsp/board-description.ts';
import { boards } from '../../bsp/boards.ts';

export type {
  AddressRange,
  BoardDescription,
  BoardDevice,
  BoardDeviceKind,
} from '../../bsp/board-description.ts';
export { deviceGicId } from '../../bsp/board-description.ts';
export { mps3An536 } from '../../bsp/mps3-an536/board.ts';
export { realviewEb } from '../../bsp/realview-eb/board.ts';

/** Names of all known boards. */
export function boardNames(): string[] {
  return boards.map((b) => b.name);
}

/** The board called `name`, or `undefined`. */
export function findBoard(name: string): BoardDescription | undefined {
  return boards.find((b) => b.name === name);
}

/** A board name no known board has; the message names it and the known ones. */
export class UnknownBoardError extends Error {
  constructor(readonly board: string) {
    super(`unknown board '${board}' (known boards: ${boardNames().join(', ')})`);
    this.name = 'UnknownBoardError';
  }
}

/** The board called `name`; throws an `UnknownBoardError` naming the unknown board and the known ones. */
export function getBoard(name: string): BoardDescription {
  const board = findBoard(name);
  if (board === undefined) {
    throw new UnknownBoardError(name);
  }
  return board;
}

/** The board device called `name`, or `undefined`. */
export function findDevice(board: BoardDescription, name: string): BoardDevice | undefined {
  return board.devices.find((d) => d.name === name);
}

/** The board's partition RAM, where guest images, VM areas and pristine copies lie: RAM from the end of
 *  the hypervisor's range to the end of RAM. */
export function partitionRam(board: BoardDescription): AddressRange {
  const base = board.hypervisor.base + board.hypervisor.size;
  return { base, size: board.ram.base + board.ram.size - base };
}

/** GIC interrupt ID of a board interrupt line that is a shared peripheral interrupt (see deviceGicId). */
export function gicIdOf(board: BoardDescription, boardIrq: number): number {
  return board.gicSpiBase + boardIrq;
}
