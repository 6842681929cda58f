// Guest buffer validation: every pointer and length a hypercall receives is checked here against the
// calling VM's own memory areas before the hypervisor touches guest memory. The arithmetic never
// overflows: a range that wraps past 2^32 is rejected as a bad length, and containment is computed from
// offsets inside the area (the range's last byte minus the base), so no `base + size` sum is ever formed.
import { checkIndex, u32, u8 } from '../../transpiler/runtime/index.ts';
import { GuestAddress, VmIndex } from './domain.ts';
import { HvResult } from './hypercall-numbers.ts';
import { MAX_VMS } from './limits.ts';
import { vmEntry } from './system.ts';
import { GuestArea } from './tables.ts';

/** Per VM: the area that held the last buffer it passed (guests pass buffers from the same area call
 *  after call, so it is tried first; the result is the same whichever area is tried first). */
const recentArea: Uint8Array = new Uint8Array(MAX_VMS);

/** True when `area` grants every bit of `access` and holds `[address, last]` (`last` >= `address`: the
 *  range does not wrap). Both ends are measured from the area's base, so no `base + size` is formed; an
 *  address below the base is rejected before its offset is taken. */
function areaHolds(area: GuestArea, address: GuestAddress, last: u32, access: u32): boolean {
  const base = area.base;
  return u32(area.access & access) === access && address >= base && u32(last - base) < area.size;
}

/** Checks that `[address, address + length)` lies inside one of VM `vm`'s areas whose access includes
 *  every bit of `access` (`AREA_READ`, `AREA_WRITE`, `AREA_EXEC`). A zero length is always valid. */
export function checkGuestRange(vm: VmIndex, address: GuestAddress, length: u32, access: u32): HvResult {
  if (length === 0) {
    return HvResult.Ok;
  }
  const last = u32(address + u32(length - 1));
  if (last < address) {
    return HvResult.BadLength;
  }
  const entry = vmEntry(vm);
  const hint = u32(recentArea[checkIndex(vm, recentArea.length)]);
  if (
    hint < entry.areas.length &&
    areaHolds(entry.areas[checkIndex(hint, entry.areas.length)], address, last, access)
  ) {
    return HvResult.Ok;
  }
  for (let i: u32 = 0; i < entry.areas.length; i++) {
    if (areaHolds(entry.areas[checkIndex(i, entry.areas.length)], address, last, access)) {
      recentArea[checkIndex(vm, recentArea.length)] = u8(i);
      return HvResult.Ok;
    }
  }
  return HvResult.BadAddress;
}

/** Checks a code address a VM hands to the hypervisor (an upcall handler): executable by the VM,
 *  halfword-aligned for Thumb (bit 0 set) and word-aligned for ARM. */
export function checkGuestCode(vm: VmIndex, address: GuestAddress, access: u32): HvResult {
  const target = u32(address & 0xfffffffe);
  if ((address & 1) === 0 && (address & 3) !== 0) {
    return HvResult.Misaligned;
  }
  return checkGuestRange(vm, target, (address & 1) !== 0 ? 2 : 4, access);
}
