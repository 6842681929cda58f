// Corpus program: FNV-1a 32-bit hashing (u32 multiplication through mul), checked against the published
// FNV-1a test vectors for the prefixes of "foobar" and for the empty string.
import { checkIndex, mul, u8, u32 } from '../../../../transpiler/runtime/index.ts';
import { printHex } from '../../support/print.ts';

const OFFSET_BASIS: u32 = 0x811c9dc5;
const PRIME: u32 = 0x01000193;
/** ASCII "foobar". */
const FOOBAR: readonly u8[] = [0x66, 0x6f, 0x6f, 0x62, 0x61, 0x72] as const;

function fnv1a(data: readonly u8[], length: u32): u32 {
  let hash: u32 = OFFSET_BASIS;
  for (let i: u32 = 0; i < length; i++) {
    hash = u32(hash ^ data[checkIndex(i, data.length)]);
    hash = u32(mul(hash, PRIME));
  }
  return hash;
}

export function main(): void {
  for (let n: u32 = 0; n <= FOOBAR.length; n = u32(n + 1)) {
    printHex('fnv1a', fnv1a(FOOBAR, n));
  }
}
