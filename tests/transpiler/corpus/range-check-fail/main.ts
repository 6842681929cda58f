// Corpus program: a checkRange whose window runs past the end of the array fails at run time, even
// though its first index is inside: Node throws BoundsError and C calls bh_bounds_fail() (same line,
// same exit code), and nothing after the failure runs.
import { checkRange, loadU32BE, u32, u8 } from '../../../../transpiler/runtime/index.ts';
import { printHex, printStr, printU32 } from '../../support/print.ts';

const frame = new Uint8Array(10);

function word(at: u32): u32 {
  checkRange(at, 4, frame.length);
  return loadU32BE(frame, at);
}

export function main(): void {
  for (let i: u32 = 0; i < frame.length; i++) {
    frame[i] = u8(i + 1);
  }
  for (let at: u32 = 0; at < 10; at = u32(at + 3)) {
    printU32('at', at);
    printHex('word', word(at));
  }
  printStr('unreachable');
}
