// Guest buffer validation: every pointer and length a hypercall receives is checked here against the
// calling VM's own memory areas before the hypervisor touches guest memory. The arithmetic never
// overflows: a range that wraps past 2^32 is rejected as a bad length, and containment is computed from
// offsets inside the area, so no `base + size` sum is ever formed.
import { checkIndex, u32 } from '../../transpiler/runtime/index.ts';
import { HvResult } from './hypercall-numbers.ts';
import { vmEntry } from './system.ts';

/** Checks that `[address, address + length)` lies inside one of VM `vm`'s areas whose access includes
 *  every bit of `access` (`AREA_READ`, `AREA_WRITE`, `AREA_EXEC`). A zero length is always valid. */
export function checkGuestRange(vm: u32, address: u32, length: u32, access: u32): HvResult {
  if (length === 0) {
    return HvResult.Ok;
  }
  const last = u32(address + u32(length - 1));
  if (last < address) {
    return HvResult.BadLength;
  }
  const entry = vmEntry(vm);
  for (let i: u32 = 0; i < entry.areas.length; i++) {
    const area = entry.areas[checkIndex(i, entry.areas.length)];
    if (u32(area.access & access) === access && address >= area.base) {
      const offset = u32(address - area.base);
      if (offset < area.size && length <= u32(area.size - offset)) {
        return HvResult.Ok;
      }
    }
  }
  return HvResult.BadAddress;
}

/** Checks a code address a VM hands to the hypervisor (an upcall handler): executable by the VM,
 *  halfword-aligned for Thumb (bit 0 set) and word-aligned for ARM. */
export function checkGuestCode(vm: u32, address: u32, access: u32): HvResult {
  const target = u32(address & 0xfffffffe);
  if ((address & 1) === 0 && (address & 3) !== 0) {
    return HvResult.Misaligned;
  }
  return checkGuestRange(vm, target, (address & 1) !== 0 ? 2 : 4, access);
}
