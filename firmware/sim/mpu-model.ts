// A model of the MPU that confines a guest, decoding the region words the core loaded in the CPU's
// layout and deciding whether an access is permitted, with the fault status the BSP reports (in the
// DFSR/IFSR encoding: background fault 0b00000, permission fault 0b01101, WnR in bit 11).
// PMSAv7 as seen by USR-mode code (ARM DDI 0406C B5.2-B5.6; DRBAR, DRSR, DRACR per region): the
// highest-numbered enabled region containing the address decides; an address no region contains is a
// background fault (USR never gets the background map).
// PMSAv8-32 EL2 MPU as seen by EL1 code with HCR.VM set (ARM DDI 0568; HPRBAR, HPRLAR per region): an
// address in no region, or in more than one, is a fault the BSP reports as a background fault; AP 0b01
// is read/write and 0b11 read-only at EL1, the EL2-only encodings deny EL1.

/** DFSR fault status: background fault. */
export const FSR_BACKGROUND = 0x000;
/** DFSR fault status: permission fault. */
export const FSR_PERMISSION = 0x00d;
/** DFSR WnR bit: the faulting access was a write. */
export const FSR_WNR = 0x800;

export type AccessKind = 'read' | 'write' | 'execute';

export interface MpuVerdict {
  allowed: boolean;
  /** Fault status register value when not allowed. */
  status: number;
  /** Region that decided, or -1 for none. */
  region: number;
}

interface DecodedRegion {
  base: number;
  size: number;
  subregionDisable: number;
  readable: boolean;
  writable: boolean;
  xn: boolean;
}

/** A PMSAv7 region (DRBAR, DRSR, DRACR) with the rights of USR code (AP[2:0], B5.6.1: 011 RW; 010, 110
 *  RO; others none). */
function decodePmsav7(drbar: number, drsr: number, dracr: number): DecodedRegion | null {
  if ((drsr & 1) === 0) return null;
  const sizeLog2 = ((drsr >>> 1) & 0x1f) + 1;
  const size = 2 ** sizeLog2;
  const ap = (dracr >>> 8) & 0x7;
  return {
    base: (drbar >>> 0) - ((drbar >>> 0) % size),
    size,
    subregionDisable: sizeLog2 >= 8 ? (drsr >>> 8) & 0xff : 0,
    readable: ap === 0b011 || ap === 0b010 || ap === 0b110,
    writable: ap === 0b011,
    xn: (dracr & (1 << 12)) !== 0,
  };
}

/** A PMSAv8-32 EL2 MPU region (HPRBAR, HPRLAR) with the rights of EL1 code (AP[2:1]: 01 RW, 11 RO,
 *  00 and 10 EL2 only). */
function decodePmsav8(prbar: number, prlar: number): DecodedRegion | null {
  if ((prlar & 1) === 0) return null;
  const base = (prbar & 0xffff_ffc0) >>> 0;
  const end = ((prlar & 0xffff_ffc0) >>> 0) + 64;
  const ap = (prbar >>> 1) & 0x3;
  return {
    base,
    size: end - base,
    subregionDisable: 0,
    readable: ap === 0b01 || ap === 0b11,
    writable: ap === 0b01,
    xn: (prbar & 1) !== 0,
  };
}

function permits(region: DecodedRegion, kind: AccessKind): boolean {
  if (kind === 'write') return region.writable;
  return region.readable && !(kind === 'execute' && region.xn);
}

export class MpuModel {
  private regions: (DecodedRegion | null)[] = [];
  /** Whether the loaded regions are PMSAv8-32 ones (overlaps fault, no priority order). */
  private pmsav8 = false;

  /** Loads `count` regions of `wordsPerRegion` words each (3: DRBAR, DRSR, DRACR; 2: HPRBAR, HPRLAR);
   *  the others are disabled. */
  load(words: ArrayLike<number>, wordsPerRegion: number, count: number): void {
    if (wordsPerRegion !== 2 && wordsPerRegion !== 3) {
      throw new RangeError(`MPU model: ${wordsPerRegion} words per region is no MPU layout`);
    }
    this.pmsav8 = wordsPerRegion === 2;
    this.regions = [];
    for (let i = 0; i < count; i++) {
      const at = i * wordsPerRegion;
      this.regions.push(
        this.pmsav8
          ? decodePmsav8(words[at], words[at + 1])
          : decodePmsav7(words[at], words[at + 1], words[at + 2]),
      );
    }
  }

  check(address: number, kind: AccessKind): MpuVerdict {
    const wnr = kind === 'write' ? FSR_WNR : 0;
    if (this.pmsav8) return this.checkPmsav8(address, kind, wnr);
    for (let i = this.regions.length - 1; i >= 0; i--) {
      const r = this.regions[i];
      if (r === null || r === undefined) continue;
      const offset = (address >>> 0) - r.base;
      if (offset < 0 || offset >= r.size) continue;
      if (r.subregionDisable !== 0) {
        const sub = Math.floor(offset / (r.size / 8));
        if ((r.subregionDisable & (1 << sub)) !== 0) continue;
      }
      const allowed = permits(r, kind);
      return { allowed, status: allowed ? 0 : FSR_PERMISSION | wnr, region: i };
    }
    return { allowed: false, status: FSR_BACKGROUND | wnr, region: -1 };
  }

  private checkPmsav8(address: number, kind: AccessKind, wnr: number): MpuVerdict {
    let hit = -1;
    for (let i = 0; i < this.regions.length; i++) {
      const r = this.regions[i];
      if (r === null || r === undefined) continue;
      const offset = (address >>> 0) - r.base;
      if (offset < 0 || offset >= r.size) continue;
      if (hit >= 0) return { allowed: false, status: FSR_BACKGROUND | wnr, region: -1 };
      hit = i;
    }
    if (hit < 0) return { allowed: false, status: FSR_BACKGROUND | wnr, region: -1 };
    const allowed = permits(this.regions[hit]!, kind);
    return { allowed, status: allowed ? 0 : FSR_PERMISSION | wnr, region: hit };
  }
}
