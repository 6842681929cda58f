// Corpus program: register bit fields as in a peripheral driver: named field masks and shifts as
// constants, read-modify-write field updates on a simulated register word, field extraction, and an
// encoder for a PMSAv7-style region size/enable word (size field = log2(bytes) - 1).
import { bool, u32 } from '../../../../transpiler/runtime/index.ts';
import { printBool, printHex, printU32 } from '../../support/print.ts';

const ENABLE_SHIFT: u32 = 0;
const SIZE_SHIFT: u32 = 1;
const SIZE_MASK: u32 = 0x3e;
const SUBREGION_SHIFT: u32 = 8;
const SUBREGION_MASK: u32 = 0xff00;
const BAUD_SHIFT: u32 = 16;
const BAUD_MASK: u32 = 0x0fff0000;
const PARITY_BIT: u32 = 0x80000000;

let register: u32 = 0;

function setField(mask: u32, shift: u32, value: u32): void {
  register = u32(u32(register & u32(~mask)) | (u32(value << shift) & mask));
}

function getField(mask: u32, shift: u32): u32 {
  return u32(register & mask) >>> shift;
}

function log2(value: u32): u32 {
  let result: u32 = 0;
  let x = value;
  while (x > 1) {
    x = x >>> 1;
    result = u32(result + 1);
  }
  return result;
}

function regionSizeWord(bytes: u32, subregionsDisabled: u32, enable: bool): u32 {
  const sizeField = u32(log2(bytes) - 1);
  const enableBit: u32 = enable ? 1 : 0;
  return u32(
    u32(u32(sizeField << SIZE_SHIFT) & SIZE_MASK) |
      u32(u32(u32(subregionsDisabled << SUBREGION_SHIFT) & SUBREGION_MASK) | enableBit),
  );
}

export function main(): void {
  setField(SIZE_MASK, SIZE_SHIFT, 17);
  setField(BAUD_MASK, BAUD_SHIFT, 0x1c2);
  setField(1, ENABLE_SHIFT, 1);
  printHex('register', register);
  register = u32(register | PARITY_BIT);
  printHex('with_parity', register);
  setField(BAUD_MASK, BAUD_SHIFT, 0xfffff);
  printHex('baud_overflow_masked', register);
  printU32('size', getField(SIZE_MASK, SIZE_SHIFT));
  printU32('baud', getField(BAUD_MASK, BAUD_SHIFT));
  printBool('parity', u32(register & PARITY_BIT) !== 0);
  setField(SUBREGION_MASK, SUBREGION_SHIFT, 0xa5);
  printU32('subregions', getField(SUBREGION_MASK, SUBREGION_SHIFT));
  printHex('rasr_32', regionSizeWord(32, 0, true));
  printHex('rasr_64k', regionSizeWord(65536, 0x81, true));
  printHex('rasr_4g', regionSizeWord(0x80000000, 0xff, false));
}
