// Negative case: arithmetic on an enum value (BH1111).
import { u32 } from '../../../transpiler/runtime/index.ts';

enum Gear {
  Park,
  Drive,
}

export function next(gear: Gear): u32 {
  return u32(/*^*/gear + 1); // expect: BH1111
}
