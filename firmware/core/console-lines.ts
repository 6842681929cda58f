// Console line ownership: which writer (a VM, or the hypervisor itself) has left a line open on each
// UART. Before any other writer's output the open line is ended with `\n`, so a guest that never
// finishes its line cannot swallow the next line of another VM or of the hypervisor. Used by the guest
// console (`console.ts`) and the hypervisor's own lines (`hv-log.ts`).
import { checkIndex, u32, u8 } from '../../transpiler/runtime/index.ts';
import { portUartPutByte } from '../port/uart.ts';

/** Writer number of the hypervisor's own lines (VMs are writers 0 .. MAX_VMS-1). */
export const CONSOLE_WRITER_HYPERVISOR: u32 = 0xfe;
const ASCII_NEWLINE: u8 = 0x0a;
/** UARTs tracked (the boards have at most this many; output on others is not tracked). */
const TRACKED_UARTS: u32 = 8;
/** Per UART: 0 when the next byte starts a line, else 1 + the writer whose line is open (zero at reset,
 *  in C as in Node). */
const openLineWriter: Uint8Array = new Uint8Array(TRACKED_UARTS);

/** Every UART is at the beginning of a line (at `hvInit`). */
export function consoleLinesReset(): void {
  for (let i: u32 = 0; i < openLineWriter.length; i++) {
    openLineWriter[i] = 0;
  }
}

/** True when `writer`'s next byte on UART `uart` starts a line (a new one, or after ending another
 *  writer's open line): what `consoleLineClaim` would return, without changing anything. */
export function consoleLineStarts(uart: u32, writer: u32): boolean {
  if (uart >= TRACKED_UARTS) {
    return true;
  }
  return u32(openLineWriter[checkIndex(uart, openLineWriter.length)]) !== u32(writer + 1);
}

/** Prepares UART `uart` for output of `writer`: a line another writer left open is ended with `\n`.
 *  Returns true when `writer`'s next byte starts a line. */
export function consoleLineClaim(uart: u32, writer: u32): boolean {
  if (uart >= TRACKED_UARTS) {
    return false;
  }
  const open = u32(openLineWriter[checkIndex(uart, openLineWriter.length)]);
  if (open === 0) {
    return true;
  }
  if (open === u32(writer + 1)) {
    return false;
  }
  portUartPutByte(uart, ASCII_NEWLINE);
  openLineWriter[checkIndex(uart, openLineWriter.length)] = 0;
  return true;
}

/** Records that `writer` has just written `value` on UART `uart`: a newline ends its line, any other
 *  byte leaves the line open and owned by `writer`. */
export function consoleLineWrote(uart: u32, writer: u32, value: u8): void {
  if (uart >= TRACKED_UARTS) {
    return;
  }
  openLineWriter[checkIndex(uart, openLineWriter.length)] = value === ASCII_NEWLINE ? 0 : u8(writer + 1);
}
