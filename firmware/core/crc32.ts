// CRC-32 (ISO-HDLC / IEEE 802.3, as zlib's `crc32`: reflected polynomial 0xEDB88320, initial value and
// final XOR 0xFFFFFFFF; check value of "123456789" is 0xCBF43926). Table-driven, the table built on
// first use. The hypervisor checks guest images with it (`integrity.ts`); the diagnostic guest, which
// imports it like the hypercall numbers, keeps its retained DTC store's integrity word and its
// self-test's image checksum with it. Depends on the runtime only.
import { bool, checkIndex, u32, u8 } from '../../transpiler/runtime/index.ts';

/** Reflected CRC-32 polynomial. */
const CRC32_POLYNOMIAL = 0xedb88320;
/** Initial register value and final XOR. */
export const CRC32_INITIAL = 0xffffffff;
const CRC32_FINAL_XOR = 0xffffffff;

const table: Uint32Array = new Uint32Array(256);
let tableReady: bool = false;

function buildTable(): void {
  for (let n: u32 = 0; n < 256; n++) {
    let c = n;
    for (let k: u32 = 0; k < 8; k++) {
      if (u32(c & 1) !== 0) {
        c = u32(CRC32_POLYNOMIAL ^ u32(c >>> 1));
      } else {
        c = u32(c >>> 1);
      }
    }
    table[n] = c;
  }
  tableReady = true;
}

/** Feeds one byte into a running CRC register (start from CRC32_INITIAL). */
export function crc32Byte(register: u32, value: u8): u32 {
  if (!tableReady) {
    buildTable();
  }
  const index = u32(u32(register ^ u32(value)) & 0xff);
  return u32(table[index] ^ u32(register >>> 8));
}

/** Feeds a 32-bit word into a running CRC register, least significant byte first (memory order of a
 *  little-endian word). */
export function crc32Word(register: u32, word: u32): u32 {
  let r = crc32Byte(register, u8(word & 0xff));
  r = crc32Byte(r, u8(u32(word >>> 8) & 0xff));
  r = crc32Byte(r, u8(u32(word >>> 16) & 0xff));
  return crc32Byte(r, u8(u32(word >>> 24) & 0xff));
}

/** The final CRC value of a register. */
export function crc32Finish(register: u32): u32 {
  return u32(register ^ CRC32_FINAL_XOR);
}

/** Continues register `register` over `bytes[0 .. length)` (the caller keeps `length` within `bytes`). */
export function crc32Update(register: u32, bytes: Uint8Array, length: u32): u32 {
  let r = register;
  for (let i: u32 = 0; i < length; i++) {
    r = crc32Byte(r, bytes[checkIndex(i, bytes.length)]);
  }
  return r;
}
