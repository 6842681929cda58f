// Corpus program: Base64 encoding (RFC 4648 section 4) of the RFC's test vectors (prefixes of "foobar"),
// with an alphabet const table, 24-bit group packing with shifts and masks, and '=' padding; each
// encoded 4-character group is printed as a big-endian u32 of its ASCII codes.
import { checkIndex, u8, u32 } from '../../../../transpiler/runtime/index.ts';
import { printHex, printU32 } from '../../support/print.ts';

const ALPHABET: readonly u8[] = [
  0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52,
  0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a,
  0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x30, 0x31,
  0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x2b, 0x2f,
] as const;
const PAD: u8 = 0x3d;
/** ASCII "foobar". */
const FOOBAR: readonly u8[] = [0x66, 0x6f, 0x6f, 0x62, 0x61, 0x72] as const;
const encoded = new Uint8Array(16);

function encode(length: u32): u32 {
  let out: u32 = 0;
  let i: u32 = 0;
  while (i < length) {
    const remaining = u32(length - i);
    const b0 = u32(FOOBAR[checkIndex(i, FOOBAR.length)]);
    const b1: u32 = remaining > 1 ? u32(FOOBAR[checkIndex(u32(i + 1), FOOBAR.length)]) : 0;
    const b2: u32 = remaining > 2 ? u32(FOOBAR[checkIndex(u32(i + 2), FOOBAR.length)]) : 0;
    const group = u32(u32(u32(b0 << 16) | u32(b1 << 8)) | b2);
    encoded[checkIndex(out, encoded.length)] = ALPHABET[(group >>> 18) & 63];
    encoded[checkIndex(u32(out + 1), encoded.length)] = ALPHABET[(group >>> 12) & 63];
    encoded[checkIndex(u32(out + 2), encoded.length)] = remaining > 1 ? ALPHABET[(group >>> 6) & 63] : PAD;
    encoded[checkIndex(u32(out + 3), encoded.length)] = remaining > 2 ? ALPHABET[group & 63] : PAD;
    out = u32(out + 4);
    i = u32(i + 3);
  }
  return out;
}

export function main(): void {
  for (let n: u32 = 0; n <= FOOBAR.length; n = u32(n + 1)) {
    const produced = encode(n);
    printU32('chars', produced);
    for (let g: u32 = 0; g < produced; g = u32(g + 4)) {
      let packed: u32 = 0;
      for (let k: u32 = 0; k < 4; k++) {
        packed = u32(u32(packed << 8) | encoded[checkIndex(u32(g + k), encoded.length)]);
      }
      printHex('group', packed);
    }
  }
}
