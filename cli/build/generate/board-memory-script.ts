// Generates `board-memory.ld`, the linker script's MEMORY regions of a board (the hypervisor's RAM and
// the partition RAM above it, to the end of RAM), from its description (`bsp/<board>/board.ts`). The
// CPU layer's image script (`bsp/<cpu>/image.ld`) includes it. GNU ld manual 3.7 "MEMORY Command".
import type { BoardDescription } from '../../../bsp/board-description.ts';
import { partitionRam } from '../../../firmware/config/boards.ts';
import { hex } from '../../../firmware/config/errors.ts';

/** File name of the generated script. */
export const BOARD_MEMORY_SCRIPT_NAME = 'board-memory.ld';

/** The text of `board-memory.ld` for `board`; throws when the board's hypervisor range does not start
 *  its RAM (the partition area is the rest of RAM above it). */
export function boardMemoryScriptSource(board: BoardDescription): string {
  if (board.hypervisor.base !== board.ram.base || board.hypervisor.size >= board.ram.size) {
    throw new Error(
      `board '${board.name}': the hypervisor range must start RAM and leave room above it for partitions`,
    );
  }
  const partitions = partitionRam(board);
  return [
    `/* Memory regions of board '${board.name}' (generated from bsp/${board.name}/board.ts by`,
    ' * cli/build/generate/board-memory-script.ts; do not edit). */',
    'MEMORY',
    '{',
    `    HYPERVISOR_RAM (rwx) : ORIGIN = ${hex(board.hypervisor.base)}, LENGTH = ${hex(board.hypervisor.size)}`,
    `    PARTITION_RAM  (rwx) : ORIGIN = ${hex(partitions.base)}, LENGTH = ${hex(partitions.size)}`,
    '}',
    '',
  ].join('\n');
}
