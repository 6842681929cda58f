// PMSAv7 MPU planner: turns a VM's memory areas and passed-through devices into the MPU region values
// (DRBAR, DRSR, DRACR) the hypervisor loads as a block when it switches to the VM. Splits each area
// into the fewest regions (power-of-two size >= 32 B, base aligned to the size, sub-region disable
// bits where the area fills only part of a region), encodes access rights and memory attributes, and
// enforces the board's region budget.
//
// Register layouts follow the ARMv7-A/R Architecture Reference Manual (ARM DDI 0406C) B4.1.48-B4.1.50
// (DRBAR, DRSR, DRACR), B5.3 (memory region attributes) and B5.6.1 (AP encodings, PMSAv7), and the
// Cortex-R5 TRM (ARM DDI 0460) §4.3.20-4.3.22 and chapter 7 (MPU: sub-regions need a region of at
// least 256 bytes).
//
// Access rights: the guest runs in USR mode; the hypervisor runs privileged and keeps write access to
// every guest area so it can restore a pristine image on restart while the guest's regions are loaded.
//   rw / rwx  -> AP 0b011 (privileged RW, user RW)
//   r  / rx   -> AP 0b010 (privileged RW, user RO)
//   no `x`    -> XN = 1
// Memory types: RAM is Normal, outer and inner write-back write-allocate, non-shareable
// (TEX 0b001, C 1, B 1, S 0); device registers are Device, shareable (TEX 0b000, C 0, B 1), always XN.
import type { BoardDescription } from './boards.ts';
import { findDevice } from './boards.ts';
import type { ConfigError } from './errors.ts';
import { formatSize, hex } from './errors.ts';
import type { MemoryAccess, VmDescription } from './types.ts';

// ---- DRBAR (c6, c1, 0): region base address, bits [31:5] ----
export const DRBAR_BASE_MASK = 0xffff_ffe0;

// ---- DRSR (c6, c1, 2): size and enable ----
export const DRSR_ENABLE = 1 << 0;
export const DRSR_SIZE_SHIFT = 1;
export const DRSR_SIZE_MASK = 0x1f;
export const DRSR_SUBREGION_DISABLE_SHIFT = 8;
export const DRSR_SUBREGION_DISABLE_MASK = 0xff;
/** The size field holds log2(region size) - 1. */
export const DRSR_SIZE_FIELD_OFFSET = 1;

// ---- DRACR (c6, c1, 4): access control ----
export const DRACR_B = 1 << 0;
export const DRACR_C = 1 << 1;
export const DRACR_S = 1 << 2;
export const DRACR_TEX_SHIFT = 3;
export const DRACR_TEX_MASK = 0x7;
export const DRACR_AP_SHIFT = 8;
export const DRACR_AP_MASK = 0x7;
export const DRACR_XN = 1 << 12;

/** AP[2:0] encodings (privileged / user). */
export const AP_NO_ACCESS = 0b000;
export const AP_PRIV_RW = 0b001;
export const AP_PRIV_RW_USER_RO = 0b010;
export const AP_FULL_ACCESS = 0b011;
export const AP_PRIV_RO = 0b101;
export const AP_READ_ONLY = 0b110;

/** TEX values used here. */
export const TEX_DEVICE_OR_WB_NO_WA = 0b000;
export const TEX_NORMAL_WB_WA = 0b001;

/** Memory attribute bits (TEX, C, B, S) of guest RAM: Normal, write-back write-allocate, non-shared. */
export const ATTRIBUTES_NORMAL_RAM = (TEX_NORMAL_WB_WA << DRACR_TEX_SHIFT) | DRACR_C | DRACR_B;
/** Memory attribute bits of passed-through device registers: shareable Device. */
export const ATTRIBUTES_DEVICE = (TEX_DEVICE_OR_WB_NO_WA << DRACR_TEX_SHIFT) | DRACR_B;

/** Region geometry limits. */
export const MIN_REGION_LOG2 = 5; // 32 B
export const MAX_REGION_LOG2 = 32; // 4 GiB
export const MIN_REGION_SIZE = 1 << MIN_REGION_LOG2;
export const ADDRESS_SPACE_SIZE = 2 ** MAX_REGION_LOG2;
export const SUBREGIONS_PER_REGION = 8;
/** Regions smaller than this cannot use sub-regions (Cortex-R5 TRM ch. 7). */
export const MIN_SUBREGION_REGION_LOG2 = 8; // 256 B

/** Areas whose length is at most this many times their alignment granule are split optimally by an
 *  exact search; longer, oddly aligned areas use a greedy split (furthest-reaching region first). */
export const EXACT_SPLIT_LIMIT = 1 << 16;

/** One MPU region as loaded into RGNR/DRBAR/DRSR/DRACR. `base`/`size` are the whole region; with
 *  sub-regions disabled in `drsr`, only part of it is mapped. */
export interface MpuRegionValue {
  /** Memory area name or device name the region maps. */
  area: string;
  base: number;
  size: number;
  drbar: number;
  drsr: number;
  dracr: number;
}

/** One region of an area split: a power-of-two block with the sub-regions that the area covers. */
export interface RegionPiece {
  /** Region base (aligned to its size). */
  regionBase: number;
  /** log2 of the region size (5..32). */
  sizeLog2: number;
  /** Sub-region disable bits (bit i disables the i-th eighth); 0 when the whole region is mapped. */
  subregionDisable: number;
  /** The part of the area the region maps: `[start, end)`. */
  start: number;
  end: number;
}

export type SplitResult =
  { ok: true; pieces: RegionPiece[] } | { ok: false; field: 'base' | 'size'; message: string };

/** Largest power of two dividing `value` (`ADDRESS_SPACE_SIZE` for 0). */
function alignmentOf(value: number): number {
  if (value === 0) return ADDRESS_SPACE_SIZE;
  let alignment = 1;
  while (value % (alignment * 2) === 0 && alignment < ADDRESS_SPACE_SIZE) alignment *= 2;
  return alignment;
}

/** Checks that `[base, base + size)` can be mapped by MPU regions at all. */
export function checkAreaGeometry(
  base: number,
  size: number,
): { field: 'base' | 'size'; message: string } | null {
  if (!Number.isSafeInteger(base) || base < 0) {
    return { field: 'base', message: `must be a non-negative integer address (got ${base})` };
  }
  if (!Number.isSafeInteger(size) || size <= 0) {
    return { field: 'size', message: `must be a positive integer byte count (got ${size})` };
  }
  if (base % MIN_REGION_SIZE !== 0) {
    return {
      field: 'base',
      message: `${hex(base)} is not aligned to ${MIN_REGION_SIZE} B (the smallest MPU region)`,
    };
  }
  if (size % MIN_REGION_SIZE !== 0) {
    return {
      field: 'size',
      message: `${size} (${hex(size)}) is not a multiple of ${MIN_REGION_SIZE} B (the smallest MPU region)`,
    };
  }
  if (base + size > ADDRESS_SPACE_SIZE) {
    return { field: 'size', message: `area ${hex(base)} + ${hex(size)} ends past the 4 GiB address space` };
  }
  return null;
}

/** Cost of a split: fewer regions first, then fewer regions that need sub-regions. */
const SUBREGION_COST = 1 / 1024;

/** Every region piece that starts at `position` and ends at or before `end`. */
function piecesStartingAt(position: number, end: number, granule: number): RegionPiece[] {
  const result: RegionPiece[] = [];
  // Plain regions too small for sub-regions: 32, 64, 128 B.
  for (let log2 = MIN_REGION_LOG2; log2 < MIN_SUBREGION_REGION_LOG2; log2++) {
    const size = 2 ** log2;
    if (size < granule || position % size !== 0 || position + size > end) continue;
    result.push({
      regionBase: position,
      sizeLog2: log2,
      subregionDisable: 0,
      start: position,
      end: position + size,
    });
  }
  // Regions of 256 B .. 4 GiB, with sub-region unit `unit` = size / 8.
  for (let log2 = MIN_SUBREGION_REGION_LOG2; log2 <= MAX_REGION_LOG2; log2++) {
    const regionSize = 2 ** log2;
    const unit = regionSize / SUBREGIONS_PER_REGION;
    if (unit < granule) {
      // Finer than the granule: only the whole region (no sub-regions disabled) is worth trying.
      if (regionSize >= granule && position % regionSize === 0 && position + regionSize <= end) {
        result.push({
          regionBase: position,
          sizeLog2: log2,
          subregionDisable: 0,
          start: position,
          end: position + regionSize,
        });
      }
      continue;
    }
    if (position % unit !== 0) break; // larger units cannot divide it either
    const regionBase = Math.floor(position / regionSize) * regionSize;
    const first = (position - regionBase) / unit;
    for (let count = 1; first + count <= SUBREGIONS_PER_REGION; count++) {
      const pieceEnd = position + count * unit;
      if (pieceEnd > end) break;
      let enabled = 0;
      for (let i = first; i < first + count; i++) enabled |= 1 << i;
      result.push({
        regionBase,
        sizeLog2: log2,
        subregionDisable: ~enabled & DRSR_SUBREGION_DISABLE_MASK,
        start: position,
        end: pieceEnd,
      });
    }
  }
  return result;
}

function pieceCost(piece: RegionPiece): number {
  return 1 + (piece.subregionDisable === 0 ? 0 : SUBREGION_COST);
}

/** Exact split over positions `base + i * granule` (dynamic programming from the end). */
function splitExact(base: number, end: number, granule: number): RegionPiece[] {
  const positions = (end - base) / granule;
  const best = new Float64Array(positions + 1).fill(Infinity);
  const choice: (RegionPiece | null)[] = new Array<RegionPiece | null>(positions + 1).fill(null);
  best[positions] = 0;
  for (let i = positions - 1; i >= 0; i--) {
    const position = base + i * granule;
    for (const piece of piecesStartingAt(position, end, granule)) {
      const next = (piece.end - base) / granule;
      const cost = pieceCost(piece) + best[next];
      if (cost < best[i]) {
        best[i] = cost;
        choice[i] = piece;
      }
    }
  }
  const pieces: RegionPiece[] = [];
  for (let i = 0; i < positions;) {
    const piece = choice[i]!;
    pieces.push(piece);
    i = (piece.end - base) / granule;
  }
  return pieces;
}

/** Greedy split: at each position take the piece that reaches furthest (plain regions win ties). */
function splitGreedy(base: number, end: number, granule: number): RegionPiece[] {
  const pieces: RegionPiece[] = [];
  for (let position = base; position < end;) {
    let chosen: RegionPiece | null = null;
    for (const piece of piecesStartingAt(position, end, granule)) {
      if (
        chosen === null ||
        piece.end > chosen.end ||
        (piece.end === chosen.end && pieceCost(piece) < pieceCost(chosen))
      ) {
        chosen = piece;
      }
    }
    pieces.push(chosen!);
    position = chosen!.end;
  }
  return pieces;
}

/** Splits `[base, base + size)` into MPU region pieces, fewest regions first (see EXACT_SPLIT_LIMIT). */
export function splitArea(base: number, size: number): SplitResult {
  const problem = checkAreaGeometry(base, size);
  if (problem !== null) return { ok: false, ...problem };
  const end = base + size;
  // Every optimal split can use boundaries on this granule only (rounding any finer piece boundary up
  // to it keeps a valid split with no more regions).
  // The granule never exceeds the largest sub-region unit (4 GiB / 8).
  const granule = Math.min(alignmentOf(base), alignmentOf(end), ADDRESS_SPACE_SIZE / SUBREGIONS_PER_REGION);
  const positions = size / granule;
  const pieces =
    positions <= EXACT_SPLIT_LIMIT ? splitExact(base, end, granule) : splitGreedy(base, end, granule);
  return { ok: true, pieces };
}

/** AP and XN bits of a guest memory area with the given access. */
export function accessBits(access: MemoryAccess): number {
  switch (access) {
    case 'rw':
      return (AP_FULL_ACCESS << DRACR_AP_SHIFT) | DRACR_XN;
    case 'rwx':
      return AP_FULL_ACCESS << DRACR_AP_SHIFT;
    case 'r':
      return (AP_PRIV_RW_USER_RO << DRACR_AP_SHIFT) | DRACR_XN;
    case 'rx':
      return AP_PRIV_RW_USER_RO << DRACR_AP_SHIFT;
  }
}

export const MEMORY_ACCESS_KINDS: readonly MemoryAccess[] = ['r', 'rx', 'rw', 'rwx'];

/** DRACR of guest RAM with the given access. */
export function ramDracr(access: MemoryAccess): number {
  return accessBits(access) | ATTRIBUTES_NORMAL_RAM;
}

/** DRACR of passed-through device registers: user RW, Device, execute-never. */
export function deviceDracr(): number {
  return (AP_FULL_ACCESS << DRACR_AP_SHIFT) | DRACR_XN | ATTRIBUTES_DEVICE;
}

/** DRSR of an enabled region of 2^sizeLog2 bytes with the given sub-region disable bits. */
export function encodeDrsr(sizeLog2: number, subregionDisable: number): number {
  if (!Number.isInteger(sizeLog2) || sizeLog2 < MIN_REGION_LOG2 || sizeLog2 > MAX_REGION_LOG2) {
    throw new RangeError(`MPU region size 2^${sizeLog2} is outside 32 B..4 GiB`);
  }
  if (subregionDisable !== 0 && sizeLog2 < MIN_SUBREGION_REGION_LOG2) {
    throw new RangeError(`MPU region of ${2 ** sizeLog2} B cannot use sub-regions (needs >= 256 B)`);
  }
  const sizeField = sizeLog2 - DRSR_SIZE_FIELD_OFFSET;
  return (
    (((subregionDisable & DRSR_SUBREGION_DISABLE_MASK) << DRSR_SUBREGION_DISABLE_SHIFT) |
      ((sizeField & DRSR_SIZE_MASK) << DRSR_SIZE_SHIFT) |
      DRSR_ENABLE) >>>
    0
  );
}

/** DRBAR of a region base (must be aligned to 32 B). */
export function encodeDrbar(base: number): number {
  return (base & DRBAR_BASE_MASK) >>> 0;
}

/** Region value for one piece. */
export function regionValue(area: string, piece: RegionPiece, dracr: number): MpuRegionValue {
  return {
    area,
    base: piece.regionBase,
    size: 2 ** piece.sizeLog2,
    drbar: encodeDrbar(piece.regionBase),
    drsr: encodeDrsr(piece.sizeLog2, piece.subregionDisable),
    dracr: dracr >>> 0,
  };
}

/** The MPU regions of one VM: its memory areas in order, then its passed-through devices.
 *  `vmPath` prefixes error paths (the validator passes `vms[<index>]`). Devices the board does not
 *  have are skipped here; `validateSystem` reports them. */
export function planVmRegions(
  vm: VmDescription,
  board: BoardDescription,
  vmPath = 'vm',
): { regions: MpuRegionValue[]; errors: ConfigError[] } {
  const regions: MpuRegionValue[] = [];
  const errors: ConfigError[] = [];
  /** Region count per area/device, in order, for the budget message. */
  const usage: { label: string; path: string; count: number }[] = [];

  vm.memory.forEach((area, index) => {
    const path = `${vmPath}.memory[${index}]`;
    const split = splitArea(area.base, area.size);
    if (!split.ok) errors.push({ path: `${path}.${split.field}`, message: split.message });
    const accessOk = MEMORY_ACCESS_KINDS.includes(area.access);
    if (!accessOk) {
      errors.push({
        path: `${path}.access`,
        message: `unknown access '${String(area.access)}' (use one of ${MEMORY_ACCESS_KINDS.join(', ')})`,
      });
    }
    if (!split.ok || !accessOk) return;
    const dracr = ramDracr(area.access);
    for (const piece of split.pieces) regions.push(regionValue(area.name, piece, dracr));
    usage.push({
      label: `area '${area.name}' (${hex(area.base)}, ${formatSize(area.size)})`,
      path,
      count: split.pieces.length,
    });
  });

  vm.devices.forEach((assignment, index) => {
    const device = findDevice(board, assignment.device);
    if (device === undefined) return;
    const split = splitArea(device.base, device.size);
    if (!split.ok) {
      errors.push({
        path: `${vmPath}.devices[${index}].device`,
        message: `board device '${device.name}' cannot be mapped: ${split.message}`,
      });
      return;
    }
    for (const piece of split.pieces) regions.push(regionValue(device.name, piece, deviceDracr()));
    usage.push({
      label: `device '${device.name}'`,
      path: `${vmPath}.devices[${index}]`,
      count: split.pieces.length,
    });
  });

  if (regions.length > board.mpuRegions) {
    let used = 0;
    for (const entry of usage) {
      if (used + entry.count > board.mpuRegions) {
        const breakdown = usage.map((u) => `${u.label}: ${u.count}`).join('; ');
        errors.push({
          path: entry.path,
          message:
            `VM '${vm.name}' needs ${regions.length} MPU regions but board '${board.name}' has ${board.mpuRegions}; ` +
            `${entry.label} takes regions ${used}..${used + entry.count - 1} (${breakdown})`,
        });
        break;
      }
      used += entry.count;
    }
  }
  return { regions, errors };
}
