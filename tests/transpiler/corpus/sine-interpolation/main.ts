// Corpus program: Q15 fixed-point sine from a quarter-wave const table with linear interpolation:
// phase in u16 (wrapping), quadrant symmetry, signed products through mul and arithmetic shifts, and a
// phase accumulator generating a tone.
import { checkIndex, i16, i32, mul, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32 } from '../../support/print.ts';

/** sin(k * pi / 32) in Q15 for k = 0..16. */
const QUARTER_SINE: readonly i16[] = [
  0, 3212, 6393, 9512, 12540, 15447, 18205, 20788, 23170, 25330, 27246, 28899, 30274, 31357, 32138, 32610,
  32767,
] as const;

/** Sine of a 16-bit phase (65536 = one turn) in Q15. */
function sineQ15(phase: u16): i16 {
  const quadrant = phase >>> 14;
  let offset: u32 = phase & 0x3fff;
  if ((quadrant & 1) !== 0) {
    offset = u32(0x4000 - offset);
  }
  const index = offset >>> 10;
  const fraction = i32(offset & 0x3ff);
  const low = i32(QUARTER_SINE[checkIndex(index, QUARTER_SINE.length)]);
  const high = index < 16 ? i32(QUARTER_SINE[checkIndex(u32(index + 1), QUARTER_SINE.length)]) : low;
  const value = i32(low + (mul(i32(high - low), fraction) >> 10));
  return quadrant >= 2 ? i16(-value) : i16(value);
}

export function main(): void {
  for (let k: u32 = 0; k < 16; k++) {
    printI32('sin', sineQ15(u16(k << 12)));
  }
  printI32('sin_max', sineQ15(0x4000));
  printI32('sin_min', sineQ15(0xc000));
  let phase: u16 = 0;
  const step: u16 = 7000;
  let energy: i32 = 0;
  for (let n: u32 = 0; n < 50; n++) {
    const s = sineQ15(phase);
    energy = i32(energy + (mul(i32(s), i32(s)) >> 15));
    phase = u16(phase + step);
  }
  printI32('energy', energy);
  printI32('final_phase', i32(phase));
}
