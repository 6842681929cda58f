// PMSAv8-32 MPU planner: turns a VM's memory areas and passed-through devices into the region values
// (HPRBAR, HPRLAR) of the EL2 MPU of an Armv8-R core, which confines a guest running at EL1 and EL0
// (HCR.VM = 1) while the guest programs its own EL1 MPU. A PMSAv8 region is any 64-byte-aligned
// [base, limit] range, so each area and each device takes exactly one region; the planner checks the
// granularity and the board's region budget.
//
// Register layouts follow the Arm Architecture Reference Manual Supplement, Armv8, for the Armv8-R
// AArch32 architecture profile (ARM DDI 0568): HPRBAR and HPRLAR (base and limit, bits [31:6]; SH, AP,
// XN; AttrIndx and EN), HMAIR0 (memory attribute encodings), and "EL2 MPU access permissions".
//
// Access rights: the AP field has no "EL2 read/write, EL1 read-only" setting, so a read-only guest
// area ('r', 'rx') is read-only for the hypervisor too while the guest's block is loaded; the hypervisor
// rewrites such an area (a pristine-image restore) with its own block loaded and the EL2 background
// region (HSCTLR.BR) in force.
//   rw / rwx  -> AP 0b01 (read/write at any exception level)
//   r  / rx   -> AP 0b11 (read-only at any exception level)
//   no `x`    -> XN = 1
// Memory types (AttrIndx selects a byte of HMAIR0): RAM is Normal, inner and outer write-back,
// read/write-allocate, non-shareable (one core); device registers are Device-nGnRnE, always XN.
import type { BoardDescription } from './boards.ts';
import { findDevice } from './boards.ts';
import type { ConfigError } from './errors.ts';
import { formatSize, hex } from './errors.ts';
import { MEMORY_ACCESS_KINDS } from './mpu-plan.ts';
import type { MemoryAccess, VmDescription } from './types.ts';

/** Bytes of the base and limit granule: bits [5:0] of both are implied (0 and 0x3F). */
export const PMSAV8_GRANULE = 64;

// ---- HPRBAR: base address, shareability, access permissions, execute-never ----
export const PRBAR_XN = 1 << 0;
export const PRBAR_AP_SHIFT = 1;
export const PRBAR_SH_SHIFT = 3;
export const PRBAR_BASE_MASK = 0xffff_ffc0;
/** AP[2:1] encodings of the EL2 MPU. */
export const AP8_EL2_RW = 0b00;
export const AP8_RW_ANY = 0b01;
export const AP8_EL2_RO = 0b10;
export const AP8_RO_ANY = 0b11;
/** SH[1:0] encodings. */
export const SH_NON_SHAREABLE = 0b00;
export const SH_OUTER_SHAREABLE = 0b10;
export const SH_INNER_SHAREABLE = 0b11;

// ---- HPRLAR: limit address, attribute index, enable ----
export const PRLAR_EN = 1 << 0;
export const PRLAR_ATTRINDX_SHIFT = 1;
export const PRLAR_LIMIT_MASK = 0xffff_ffc0;

// ---- HMAIR0: the memory attributes the AttrIndx values select (the BSP programs the same table:
// bsp/armv8r/cp15.h HMAIR0_BSP; tests/firmware/config/mpu-plan-pmsav8.test.ts compares the two) ----
/** Normal memory, inner and outer write-back non-transient, read- and write-allocate. */
export const MAIR_NORMAL_WRITE_BACK = 0xff;
/** Device-nGnRnE (no gathering, no reordering, no early write acknowledgement). */
export const MAIR_DEVICE_NGNRNE = 0x00;
/** Device-nGnRE (early write acknowledgement allowed). */
export const MAIR_DEVICE_NGNRE = 0x04;
/** Normal memory, inner and outer non-cacheable. */
export const MAIR_NORMAL_NON_CACHEABLE = 0x44;
export const ATTRINDX_NORMAL = 0;
export const ATTRINDX_DEVICE = 1;
export const ATTRINDX_DEVICE_NGNRE = 2;
export const ATTRINDX_NORMAL_NON_CACHEABLE = 3;
/** HMAIR0 as the hypervisor programs it: attribute byte n selected by AttrIndx n. */
export const HMAIR0_VALUE =
  ((MAIR_NORMAL_WRITE_BACK << (8 * ATTRINDX_NORMAL)) |
    (MAIR_DEVICE_NGNRNE << (8 * ATTRINDX_DEVICE)) |
    (MAIR_DEVICE_NGNRE << (8 * ATTRINDX_DEVICE_NGNRE)) |
    (MAIR_NORMAL_NON_CACHEABLE << (8 * ATTRINDX_NORMAL_NON_CACHEABLE))) >>>
  0;

/** One EL2 MPU region as loaded into HPRSELR/HPRBAR/HPRLAR. */
export interface Pmsav8RegionValue {
  /** Memory area name or device name the region maps. */
  area: string;
  base: number;
  size: number;
  prbar: number;
  prlar: number;
}

/** The region budget a plan must fit: the EL2 MPU's regions on the named board. */
export interface Pmsav8Budget {
  boardName: string;
  regions: number;
}

/** HPRBAR of guest RAM with the given access. */
export function ramPrbar(base: number, access: MemoryAccess): number {
  const writable = access === 'rw' || access === 'rwx';
  const executable = access === 'rx' || access === 'rwx';
  return (
    ((base & PRBAR_BASE_MASK) |
      (SH_NON_SHAREABLE << PRBAR_SH_SHIFT) |
      ((writable ? AP8_RW_ANY : AP8_RO_ANY) << PRBAR_AP_SHIFT) |
      (executable ? 0 : PRBAR_XN)) >>>
    0
  );
}

/** HPRBAR of passed-through device registers: read/write at any level, execute-never. */
export function devicePrbar(base: number): number {
  return ((base & PRBAR_BASE_MASK) | (AP8_RW_ANY << PRBAR_AP_SHIFT) | PRBAR_XN) >>> 0;
}

/** HPRLAR of an enabled region ending at `base + size` (exclusive) with the given attribute index. */
export function encodePrlar(base: number, size: number, attrIndex: number): number {
  const lastGranule = base + size - PMSAV8_GRANULE;
  return ((lastGranule & PRLAR_LIMIT_MASK) | (attrIndex << PRLAR_ATTRINDX_SHIFT) | PRLAR_EN) >>> 0;
}

/** Why `[base, base + size)` cannot be one PMSAv8 region, or null when it can. */
export function pmsav8GeometryError(
  base: number,
  size: number,
): { field: 'base' | 'size'; message: string } | null {
  if (!Number.isSafeInteger(base) || base < 0) {
    return { field: 'base', message: `must be a non-negative integer address (got ${base})` };
  }
  if (!Number.isSafeInteger(size) || size <= 0) {
    return { field: 'size', message: `must be a positive integer byte count (got ${size})` };
  }
  if (base % PMSAV8_GRANULE !== 0) {
    return {
      field: 'base',
      message: `${hex(base)} is not aligned to ${PMSAV8_GRANULE} B (the EL2 MPU's base granule)`,
    };
  }
  if (size % PMSAV8_GRANULE !== 0) {
    return {
      field: 'size',
      message: `${size} (${hex(size)}) is not a multiple of ${PMSAV8_GRANULE} B (the EL2 MPU's limit granule)`,
    };
  }
  if (base + size > 2 ** 32) {
    return { field: 'size', message: `area ${hex(base)} + ${hex(size)} ends past the 4 GiB address space` };
  }
  return null;
}

/** The EL2 MPU regions of one VM: its memory areas in order, then its passed-through devices.
 *  `vmPath` prefixes error paths. Devices the board does not have are skipped here; the validator
 *  reports them. */
export function planVmRegionsPmsav8(
  vm: VmDescription,
  board: BoardDescription,
  budget: Pmsav8Budget,
  vmPath = 'vm',
): { regions: Pmsav8RegionValue[]; errors: ConfigError[] } {
  const regions: Pmsav8RegionValue[] = [];
  const errors: ConfigError[] = [];
  const paths: { label: string; path: string }[] = [];

  vm.memory.forEach((area, index) => {
    const path = `${vmPath}.memory[${index}]`;
    const geometry = pmsav8GeometryError(area.base, area.size);
    if (geometry !== null) errors.push({ path: `${path}.${geometry.field}`, message: geometry.message });
    const accessOk = MEMORY_ACCESS_KINDS.includes(area.access);
    if (!accessOk) {
      errors.push({
        path: `${path}.access`,
        message: `unknown access '${String(area.access)}' (use one of ${MEMORY_ACCESS_KINDS.join(', ')})`,
      });
    }
    if (geometry !== null || !accessOk) return;
    regions.push({
      area: area.name,
      base: area.base,
      size: area.size,
      prbar: ramPrbar(area.base, area.access),
      prlar: encodePrlar(area.base, area.size, ATTRINDX_NORMAL),
    });
    paths.push({ label: `area '${area.name}' (${hex(area.base)}, ${formatSize(area.size)})`, path });
  });

  vm.devices.forEach((assignment, index) => {
    const device = findDevice(board, assignment.device);
    if (device === undefined) return;
    const path = `${vmPath}.devices[${index}]`;
    const geometry = pmsav8GeometryError(device.base, device.size);
    if (geometry !== null) {
      errors.push({
        path: `${path}.device`,
        message: `board device '${device.name}' cannot be mapped: ${geometry.message}`,
      });
      return;
    }
    regions.push({
      area: device.name,
      base: device.base,
      size: device.size,
      prbar: devicePrbar(device.base),
      prlar: encodePrlar(device.base, device.size, ATTRINDX_DEVICE),
    });
    paths.push({ label: `device '${device.name}'`, path });
  });

  if (regions.length > budget.regions) {
    const first = paths[budget.regions];
    errors.push({
      path: first.path,
      message:
        `VM '${vm.name}' needs ${regions.length} EL2 MPU regions but board '${budget.boardName}' has ` +
        `${budget.regions}; ${first.label} would be region ${budget.regions} (one region per area and device)`,
    });
  }
  return { regions, errors };
}
