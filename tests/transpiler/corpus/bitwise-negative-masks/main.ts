// Corpus program: bit masks written with `~` and negative constants beside unsigned operands, as CAN and
// register code writes them (`id & ~PRIORITY_MASK`, `flags | ~KEEP`, `x ^ -1`): JavaScript applies & | ^
// to 32-bit patterns, so the C code uses the constant's pattern (0xe3ffffffu).
import { u16, u32, u8 } from '../../../../transpiler/runtime/index.ts';
import { printU32 } from '../../support/print.ts';

const PRIORITY_MASK = 0x1c000000;
const LOW_NIBBLE: u32 = 0x0f;
const IDS: readonly u32[] = [0, 0x1c000000, 0x1fffffff, 0x80000000, 0xffffffff, 0x12345678] as const;

function clearPriority(id: u32): u32 {
  return u32(id & ~PRIORITY_MASK);
}

function setHighBits(b: u8): u8 {
  return u8(b | ~LOW_NIBBLE);
}

export function main(): void {
  for (const id of IDS) {
    printU32('clear', clearPriority(id));
    printU32('literal', u32(id & ~0x1c000000));
    printU32('xor', u32(id ^ -1));
    printU32('or', u32(id | -256));
    printU32('half', u16(u16(id) & ~0xff));
    printU32('byte', u8(u8(id) & -16));
    printU32('set', setHighBits(u8(id)));
  }
}
