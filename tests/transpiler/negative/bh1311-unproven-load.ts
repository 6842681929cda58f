// Negative case: a byte-order load whose bytes are not proven inside the array: the checkRange covers
// four bytes from `at`, the load reads two bytes from `at + 3` (BH1311).
import { checkRange, loadU16BE, u16, u32 } from '../../../transpiler/runtime/index.ts';

export function field(frame: Uint8Array, at: u32): u16 {
  checkRange(at, 4, frame.length);
  return loadU16BE(frame, /*^*/u32(at + 3)); // expect: BH1311
}
