// Golden case (module 2/2): a port-layer module with externs and MMIO register access.
import { u8, u32, cstr, mmioRead32, mmioWrite32 } from '../../../../../transpiler/runtime/index.ts';

const UART0_BASE: u32 = 0x40009000;
const UART_DR = 0x00;
const UART_FR = 0x18;
const FR_TXFF = 0x20;

/** @extern bsp_console_write */
export function consoleWrite(text: cstr): void {
  process.stdout.write(text);
}

export function putByte(value: u8): void {
  while ((mmioRead32(u32(UART0_BASE + UART_FR)) & FR_TXFF) !== 0) {
    // wait for room in the FIFO
  }
  mmioWrite32(u32(UART0_BASE + UART_DR), value);
}
