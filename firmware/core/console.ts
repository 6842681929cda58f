// Guest console output: copies a guest buffer in chunks through a hypervisor staging buffer to the
// UART the system description routes the VM's console to. On the hypervisor console each line a guest
// starts is prefixed with `[<vm name>] ` so that interleaved output stays attributable. Lines are
// tracked per UART (`console-lines.ts`): a line another VM or the hypervisor left open is ended before
// this VM's output, and this VM's unfinished line is ended before anyone else's.
import { checkIndex, u32, u8 } from '../../transpiler/runtime/index.ts';
import { checkGuestRange } from './guest-access.ts';
import { HvResult } from './hypercall-numbers.ts';
import { CONSOLE_CHUNK, CONSOLE_MAX_WRITE } from './limits.ts';
import { consoleLineClaim, consoleLinesReset, consoleLineWrote } from './console-lines.ts';
import { systemTables, vmEntry } from './system.ts';
import { AREA_READ } from './tables.ts';
import { portCopyFromGuest } from '../port/memory.ts';
import { portUartPutByte, portUartPutString } from '../port/uart.ts';

const ASCII_OPEN_BRACKET: u8 = 0x5b;
const ASCII_CLOSE_BRACKET: u8 = 0x5d;
const ASCII_SPACE: u8 = 0x20;

const staging: Uint8Array = new Uint8Array(CONSOLE_CHUNK);

/** Every UART is at the beginning of a line (at `hvInit`). */
export function consoleReset(): void {
  consoleLinesReset();
}

/** `ConsoleWrite`: writes `length` bytes at `address` of VM `vm` to its console. */
export function consoleWrite(vm: u32, address: u32, length: u32): HvResult {
  if (length > CONSOLE_MAX_WRITE) {
    return HvResult.BadLength;
  }
  const access = checkGuestRange(vm, address, length, AREA_READ);
  if (access !== HvResult.Ok) {
    return access;
  }
  const entry = vmEntry(vm);
  const uart = entry.consoleUart;
  const prefixed = uart === systemTables().hvConsoleUart;
  let done: u32 = 0;
  while (done < length) {
    let chunk = u32(length - done);
    if (chunk > CONSOLE_CHUNK) {
      chunk = CONSOLE_CHUNK;
    }
    portCopyFromGuest(staging, 0, u32(address + done), chunk);
    for (let i: u32 = 0; i < chunk; i = u32(i + 1)) {
      const value = staging[checkIndex(i, staging.length)];
      if (consoleLineClaim(uart, vm) && prefixed) {
        portUartPutByte(uart, ASCII_OPEN_BRACKET);
        portUartPutString(uart, entry.name);
        portUartPutByte(uart, ASCII_CLOSE_BRACKET);
        portUartPutByte(uart, ASCII_SPACE);
      }
      portUartPutByte(uart, value);
      consoleLineWrote(uart, vm, value);
    }
    done = u32(done + chunk);
  }
  return HvResult.Ok;
}
