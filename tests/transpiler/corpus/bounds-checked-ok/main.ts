// Corpus program: indices proven or checked in range: constant indices, masked indices, loop variables
// bounded by the length, and computed indices through checkIndex that all succeed, including the last
// element and indices derived from wrapped arithmetic; writes through checked indices to module arrays.
import { checkIndex, u8, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printU32 } from '../../support/print.ts';

const histogram = new Uint32Array(16);
const lookup = new Uint8Array(256);
const words = new Uint16Array(10);

export function main(): void {
  for (let i: u32 = 0; i < lookup.length; i++) {
    lookup[i] = u8(mulAdd(i));
  }
  for (let i: u32 = 0; i < 1000; i++) {
    const byte = lookup[i & 0xff];
    histogram[byte & 15] = u32(histogram[byte & 15] + 1);
  }
  for (let b: u32 = 0; b < 16; b++) {
    printU32('bin', histogram[b]);
  }
  let position: u32 = 7;
  for (let step: u32 = 0; step < 25; step++) {
    position = u32(position + 3);
    if (position >= words.length) {
      position = u32(position - words.length);
    }
    words[checkIndex(position, words.length)] = u16(words[checkIndex(position, words.length)] + step);
  }
  for (const w of words) {
    printU32('word', w);
  }
  printU32('last', lookup[255]);
  printU32('first', lookup[0]);
  printU32('checked_last', words[checkIndex(u32(words.length - 1), words.length)]);
}

function mulAdd(i: u32): u32 {
  return u32(u32(u32(i << 3) + (i >>> 2)) ^ 0x5a);
}
