// Golden case (module 1/2): imports a port-layer module, calls externs with string literals.
import { u8, u32 } from '../../../../../transpiler/runtime/index.ts';
import { consoleWrite, putByte } from './uart.ts';

export function hexDigit(nibble: u32): u8 {
  const n = nibble & 15;
  return n < 10 ? u8(n + 0x30) : u8(n + 0x57);
}

export function printHex(value: u32): void {
  consoleWrite("0x");
  for (let i: u32 = 0; i < 8; i++) {
    putByte(hexDigit(value >>> u32(28 - u32(i << 2))));
  }
  consoleWrite("\n");
}
