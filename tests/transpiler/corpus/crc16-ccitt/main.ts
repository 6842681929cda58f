// Corpus program: bitwise CRC-16 with polynomial 0x1021 in u16 arithmetic (left shifts wrapped to 16
// bits), checked against the catalogue check values CRC-16/CCITT-FALSE("123456789") = 0x29B1 and
// CRC-16/XMODEM("123456789") = 0x31C3.
import { u8, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printHex } from '../../support/print.ts';

const POLYNOMIAL: u16 = 0x1021;
/** ASCII "123456789". */
const CHECK_INPUT: readonly u8[] = [0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39] as const;

function crc16(initial: u16): u16 {
  let crc: u16 = initial;
  for (const byte of CHECK_INPUT) {
    crc = crc ^ u16(byte << 8);
    for (let bit: u32 = 0; bit < 8; bit++) {
      if ((crc & 0x8000) !== 0) {
        crc = u16(crc << 1) ^ POLYNOMIAL;
      } else {
        crc = u16(crc << 1);
      }
    }
  }
  return crc;
}

export function main(): void {
  printHex('ccitt_false', u32(crc16(0xffff)));
  printHex('xmodem', u32(crc16(0)));
}
