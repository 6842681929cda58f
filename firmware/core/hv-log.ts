// The hypervisor's own console lines (self-check failures and reports, image integrity refusals,
// restart limits): text, numbers and VM names written to the hypervisor console UART, each line
// starting with `hv: `. Guests' lines go through `console.ts` with their VM-name prefix instead. Each
// piece first ends a line a guest left open on that UART (`console-lines.ts`), so a hypervisor line
// always starts its own line; `hvLogEnd` ends it.
import { cstr, div, mul, u32, u8 } from '../../transpiler/runtime/index.ts';
import { VmIndex } from './domain.ts';
import { isVm, systemTables, vmEntry } from './system.ts';
import { portUartPutByte, portUartPutString } from '../port/uart.ts';
import { CONSOLE_WRITER_HYPERVISOR, consoleLineClaim, consoleLineWrote } from './console-lines.ts';

const ASCII_NEWLINE: u8 = 0x0a;
const ASCII_ZERO: u8 = 0x30;
const ASCII_LOWER_A: u8 = 0x61;
const ASCII_QUESTION: u8 = 0x3f;
/** Any byte other than a newline: marks the hypervisor's line open. */
const LINE_OPEN_MARK: u8 = ASCII_QUESTION;

/** The hypervisor console UART, its open line taken over by the hypervisor (another writer's open line
 *  is ended first). */
function hvLine(): u32 {
  const uart = systemTables().hvConsoleUart;
  consoleLineClaim(uart, CONSOLE_WRITER_HYPERVISOR);
  consoleLineWrote(uart, CONSOLE_WRITER_HYPERVISOR, LINE_OPEN_MARK);
  return uart;
}

/** Writes `text` (a string constant without newlines). */
export function hvLogText(text: cstr): void {
  portUartPutString(hvLine(), text);
}

/** Writes `value` in decimal, without leading zeros. */
export function hvLogDecimal(value: u32): void {
  const uart = hvLine();
  let divisor: u32 = 1000000000;
  let started = false;
  let rest = value;
  while (divisor !== 0) {
    const digit = u32(div(rest, divisor));
    rest = u32(rest - u32(mul(digit, divisor)));
    if (digit !== 0 || started || divisor === 1) {
      started = true;
      portUartPutByte(uart, u8(ASCII_ZERO + u8(digit)));
    }
    divisor = u32(div(divisor, 10));
  }
}

/** Writes `value` as `0x` and 8 lower-case hex digits. */
export function hvLogHex(value: u32): void {
  const uart = hvLine();
  portUartPutString(uart, '0x');
  for (let digit: u32 = 0; digit < 8; digit++) {
    const shift = u32(u32(7 - digit) << 2);
    const nibble = u8((value >>> shift) & 0xf);
    portUartPutByte(uart, nibble < 10 ? u8(ASCII_ZERO + nibble) : u8(ASCII_LOWER_A + u8(nibble - 10)));
  }
}

/** Writes the name of VM `vm` (`?` for an index that names no VM). */
export function hvLogVmName(vm: VmIndex): void {
  const uart = hvLine();
  if (isVm(vm)) {
    portUartPutString(uart, vmEntry(vm).name);
  } else {
    portUartPutByte(uart, ASCII_QUESTION);
  }
}

/** Ends the line. */
export function hvLogEnd(): void {
  const uart = hvLine();
  portUartPutByte(uart, ASCII_NEWLINE);
  consoleLineWrote(uart, CONSOLE_WRITER_HYPERVISOR, ASCII_NEWLINE);
}
