// Corpus program: bit manipulation on u32: population count (SWAR), count of leading and trailing zeros
// by loops, bit reversal, byte swap, isolating the lowest set bit with u32(0 - x), and powers of two.
import { bool, mul, u32 } from '../../../../transpiler/runtime/index.ts';
import { printBool, printHex, printU32 } from '../../support/print.ts';

const SAMPLES: readonly u32[] = [
  0, 1, 2, 3, 0x80, 0xff, 0x8000, 0x12345678, 0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffffff,
] as const;

function popcount(value: u32): u32 {
  let x = u32(value - ((value >>> 1) & 0x55555555));
  x = u32((x & 0x33333333) + ((x >>> 2) & 0x33333333));
  x = u32(x + (x >>> 4)) & 0x0f0f0f0f;
  return u32(mul(x, 0x01010101)) >>> 24;
}

function leadingZeros(value: u32): u32 {
  let count: u32 = 0;
  for (let bit: u32 = 31; bit < 32; bit = u32(bit - 1)) {
    if (((value >>> bit) & 1) !== 0) {
      break;
    }
    count = u32(count + 1);
  }
  return count;
}

function trailingZeros(value: u32): u32 {
  if (value === 0) {
    return 32;
  }
  let count: u32 = 0;
  let x = value;
  while ((x & 1) === 0) {
    x = x >>> 1;
    count = u32(count + 1);
  }
  return count;
}

function reverseBits(value: u32): u32 {
  let result: u32 = 0;
  let x = value;
  for (let i: u32 = 0; i < 32; i++) {
    result = u32(u32(result << 1) | (x & 1));
    x = x >>> 1;
  }
  return result;
}

function byteSwap(value: u32): u32 {
  return u32(
    u32(u32(value << 24) | u32((value & 0xff00) << 8)) | u32(((value >>> 8) & 0xff00) | (value >>> 24)),
  );
}

function isPowerOfTwo(value: u32): bool {
  return value !== 0 && u32(value & u32(value - 1)) === 0;
}

export function main(): void {
  for (const x of SAMPLES) {
    printHex('x', x);
    printU32('popcount', popcount(x));
    printU32('clz', leadingZeros(x));
    printU32('ctz', trailingZeros(x));
    printHex('reverse', reverseBits(x));
    printHex('bswap', byteSwap(x));
    printHex('lowest', u32(x & u32(0 - x)));
    printBool('pow2', isPowerOfTwo(x));
  }
}
