// Corpus program: integer to decimal and hexadecimal text in a byte buffer (as a console driver does):
// digits produced with div/rem into a Uint8Array, sign handling including INT32_MIN, zero padding,
// and a checksum of the produced characters (printed as packed words).
import { checkIndex, div, i32, rem, u8, u32 } from '../../../../transpiler/runtime/index.ts';
import { printHex, printU32 } from '../../support/print.ts';

const text = new Uint8Array(16);
const HEX_DIGITS: readonly u8[] = [
  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102,
] as const;
const SIGNED_SAMPLES: readonly i32[] = [0, 7, -7, 1234567890, -2147483648, 2147483647, -100] as const;

/** Writes the decimal digits of `value` right-aligned ending at index 15; returns the first index used. */
function formatUnsigned(value: u32, minDigits: u32): u32 {
  let position: u32 = 16;
  let remaining = value;
  let digits: u32 = 0;
  do {
    position = u32(position - 1);
    text[checkIndex(position, text.length)] = u8(48 + rem(remaining, 10));
    remaining = div(remaining, 10);
    digits = u32(digits + 1);
  } while (remaining !== 0 || digits < minDigits);
  return position;
}

function formatSigned(value: i32): u32 {
  const negative = value < 0;
  const magnitude: u32 = negative ? u32(0 - u32(value)) : u32(value);
  let position = formatUnsigned(magnitude, 1);
  if (negative) {
    position = u32(position - 1);
    text[checkIndex(position, text.length)] = 45;
  }
  return position;
}

function formatHex(value: u32): u32 {
  for (let i: u32 = 0; i < 8; i++) {
    const nibble = (value >>> u32(28 - u32(i << 2))) & 15;
    text[u32(i + 8) & 15] = HEX_DIGITS[nibble];
  }
  return 8;
}

function emit(start: u32): void {
  let packed: u32 = 0;
  let count: u32 = 0;
  for (let i = start; i < 16; i = u32(i + 1)) {
    packed = u32(u32(packed << 8) | text[checkIndex(i, text.length)]);
    count = u32(count + 1);
    if ((count & 3) === 0) {
      printHex('chars', packed);
      packed = 0;
    }
  }
  if ((count & 3) !== 0) {
    printHex('chars', packed);
  }
  printU32('length', count);
}

export function main(): void {
  emit(formatUnsigned(0, 1));
  emit(formatUnsigned(4294967295, 1));
  emit(formatUnsigned(42, 6));
  for (const value of SIGNED_SAMPLES) {
    emit(formatSigned(value));
  }
  emit(formatHex(0xdeadbeef));
  emit(formatHex(0x0000c0de));
}
