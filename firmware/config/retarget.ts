// Moves a system description to another board (`bulkhead build|start --board <board>`): the same VMs,
// plans, ports, devices (by name) and UART roles, with every VM's memory areas, entry and stack top
// moved by the distance between the two boards' partition RAM (each keeps its offset there, so alignment
// to the area's size is kept wherever the partition RAM is so aligned). The result is named
// `<system>-<board>` so its build outputs never mix with the original's. Whether the target board has
// the devices and UARTs the system uses, and whether its MPU can map the areas, is the validator's to
// say (with the path of each problem), as for any description.
import { getBoard, partitionRam } from './boards.ts';
import type { MemoryArea, SystemDescription, VmDescription } from './types.ts';

/** An area or address that cannot be moved, with the description path of the offending value. */
export class RetargetError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** `desc` on board `boardName` (unchanged when it already is on that board). Throws `UnknownBoardError`
 *  for an unknown board and `RetargetError` for an address outside the source board's partition RAM or
 *  an area that does not fit the target's. */
export function retargetSystem(desc: SystemDescription, boardName: string): SystemDescription {
  if (desc.board === boardName) return desc;
  const from = partitionRam(getBoard(desc.board));
  const to = partitionRam(getBoard(boardName));
  const moved = (path: string, address: number, length: number): number => {
    const offset = address - from.base;
    if (offset < 0 || offset + length > from.size) {
      throw new RetargetError(
        path,
        `0x${address.toString(16)} is outside the partition RAM of board '${desc.board}'`,
      );
    }
    if (offset + length > to.size) {
      throw new RetargetError(
        path,
        `does not fit the ${to.size / 0x10_0000} MiB partition RAM of board '${boardName}'`,
      );
    }
    return to.base + offset;
  };
  const vms = desc.vms.map((vm, i): VmDescription => {
    const memory = vm.memory.map((area, j): MemoryArea => ({
      ...area,
      base: moved(`vms[${i}].memory[${j}]`, area.base, area.size),
    }));
    return {
      ...vm,
      memory,
      entry: moved(`vms[${i}].entry`, vm.entry, 0),
      stackTop: moved(`vms[${i}].stackTop`, vm.stackTop, 0),
    };
  });
  return { ...desc, name: `${desc.name}-${boardName}`, board: boardName, vms };
}
