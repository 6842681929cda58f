// Places each VM's guest image and its pristine copy: the image at the VM's entry address, the copies one
// after the other from the first 4 KiB boundary above every VM area, each on a 4 KiB boundary, all below
// the end of the board's RAM (cold restarts copy a pristine image back over the VM's code).
import { partitionRam, type BoardDescription } from '../../firmware/config/boards.ts';
import { hex } from '../../firmware/config/errors.ts';
import type { SystemDescription } from '../../firmware/config/types.ts';
import { BuildSpecError } from './errors.ts';

/** Pristine copies start at the first 4 KiB boundary above every VM area. */
const PRISTINE_ALIGN = 0x1000;

/** Where one VM's image and its pristine copy lie. */
export interface GuestPlacement {
  vm: string;
  base: number;
  pristine: number;
  size: number;
}

function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

/** The placements of images of `imageSizes` bytes (VM order); throws naming the VM whose copy does not
 *  fit below the end of RAM. */
export function placeGuests(
  desc: SystemDescription,
  board: BoardDescription,
  imageSizes: readonly number[],
): GuestPlacement[] {
  const areaEnd = Math.max(...desc.vms.flatMap((vm) => vm.memory.map((m) => m.base + m.size)));
  const partitions = partitionRam(board);
  const ramEnd = partitions.base + partitions.size;
  let cursor = alignUp(areaEnd, PRISTINE_ALIGN);
  return desc.vms.map((vm, index) => {
    const size = imageSizes[index];
    const pristine = cursor;
    cursor = alignUp(pristine + size, PRISTINE_ALIGN);
    if (cursor > ramEnd) {
      throw new BuildSpecError(
        `system '${desc.name}': the pristine copy of VM '${vm.name}' (${size} bytes at ${hex(pristine)}) does not fit below the end of RAM ${hex(ramEnd)}`,
      );
    }
    return { vm: vm.name, base: vm.entry, pristine, size };
  });
}
