// A model of the PMSAv7 MPU as seen by USR-mode code (ARM DDI 0406C B5.2-B5.6): decodes the region
// values the core loaded (DRBAR, DRSR, DRACR) and decides whether an access is permitted, with the
// fault status the hardware would report (DFSR/IFSR: background fault 0b00000, permission fault
// 0b01101, WnR in bit 11). The highest-numbered enabled region containing the address decides; an
// address no region contains is a background fault (USR never gets the background map).

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
  ap: number;
  xn: boolean;
}

function decode(drbar: number, drsr: number, dracr: number): DecodedRegion | null {
  if ((drsr & 1) === 0) return null;
  const sizeLog2 = ((drsr >>> 1) & 0x1f) + 1;
  const size = 2 ** sizeLog2;
  return {
    base: (drbar >>> 0) - ((drbar >>> 0) % size),
    size,
    subregionDisable: sizeLog2 >= 8 ? (drsr >>> 8) & 0xff : 0,
    ap: (dracr >>> 8) & 0x7,
    xn: (dracr & (1 << 12)) !== 0,
  };
}

/** Whether USR code may read / write with AP[2:0] (B5.6.1): 011 RW; 010, 110 RO; others none. */
function userPermits(ap: number, kind: AccessKind): boolean {
  if (ap === 0b011) return true;
  if (ap === 0b010 || ap === 0b110) return kind !== 'write';
  return false;
}

export class MpuModel {
  private regions: (DecodedRegion | null)[] = [];

  /** Loads `count` regions from DRBAR/DRSR/DRACR triples; the others are disabled. */
  load(triples: ArrayLike<number>, count: number): void {
    this.regions = [];
    for (let i = 0; i < count; i++)
      this.regions.push(decode(triples[i * 3], triples[i * 3 + 1], triples[i * 3 + 2]));
  }

  check(address: number, kind: AccessKind): MpuVerdict {
    const wnr = kind === 'write' ? FSR_WNR : 0;
    for (let i = this.regions.length - 1; i >= 0; i--) {
      const r = this.regions[i];
      if (r === null || r === undefined) continue;
      const offset = (address >>> 0) - r.base;
      if (offset < 0 || offset >= r.size) continue;
      if (r.subregionDisable !== 0) {
        const sub = Math.floor(offset / (r.size / 8));
        if ((r.subregionDisable & (1 << sub)) !== 0) continue;
      }
      const allowed = userPermits(r.ap, kind) && !(kind === 'execute' && r.xn);
      return { allowed, status: allowed ? 0 : FSR_PERMISSION | wnr, region: i };
    }
    return { allowed: false, status: FSR_BACKGROUND | wnr, region: -1 };
  }
}
