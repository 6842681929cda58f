// Corpus program: checkRange windows that GCC at -O2 can relate to the array's length once the calls
// are inlined, as the window cases of the index differential do at random: a constant start at the
// array's end with a count the compiler does not know (the check passes only for count 0), a count
// equal to the start, and at last a constant start past the end, whose check fails. The reads after a
// passed check stay inside the array, and the generated C must build warning-free (-Warray-bounds,
// an error under -Werror) under every profile.
import { checkRange, loadU16LE, u32, u8 } from '../../../../transpiler/runtime/index.ts';
import { printStr, printU32 } from '../../support/print.ts';

const bytes = new Uint8Array(6);
/** The count of the windows at and past the end: exported, so the compiler cannot know its value. */
export let windowCount: u32 = 0;

function sum(data: Uint8Array, at: u32, count: u32): u32 {
  checkRange(at, count, data.length);
  let s: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    s = u32(s + data[u32(at + i)]);
  }
  return s;
}

function pair(data: Uint8Array, at: u32): u32 {
  checkRange(at, 2, data.length);
  return loadU16LE(data, at);
}

export function main(): void {
  for (let i: u32 = 0; i < bytes.length; i++) {
    bytes[i] = u8(u32(i * 3 + 1));
  }
  for (let n: u32 = 0; n < 4; n++) {
    printU32('equal', sum(bytes, n, n));
  }
  printU32('at end', sum(bytes, 6, windowCount));
  printU32('pair', pair(bytes, 4));
  printU32('before end', sum(bytes, 5, u32(windowCount + 1)));
  printU32('past end', sum(bytes, 7, windowCount));
  printStr('unreachable');
}
