// Guest console output: copies a guest buffer in chunks through a hypervisor staging buffer to the
// UART the system description routes the VM's console to. On the hypervisor console each line a guest
// starts is prefixed with `[<vm name>] ` so that interleaved output stays attributable. Lines are
// tracked per UART (`console-lines.ts`): a line another VM or the hypervisor left open is ended before
// this VM's output, and this VM's unfinished line is ended before anyone else's.
// A guest cannot control the terminal: every byte other than printable ASCII, tab and newline is
// written as `\xNN` and a backslash as `\\`, so no carriage return, backspace or escape sequence can
// erase or forge another writer's line. Output never waits for the line: a write takes the bytes the
// UART's transmit ring has room for (less the hypervisor's reserve on the hypervisor console) and
// returns how many it took in r1, so a guest that writes faster than the UART sends waits in its own
// time, not with interrupts masked.
import { checkIndex, u32, u8 } from '../../transpiler/runtime/index.ts';
import { GuestAddress, VmIndex } from './domain.ts';
import { checkGuestRange } from './guest-access.ts';
import { HvResult } from './hypercall-numbers.ts';
import {
  CONSOLE_CHUNK,
  CONSOLE_HYPERVISOR_RESERVE,
  CONSOLE_LINE_START_MAX,
  CONSOLE_MAX_WRITE,
} from './limits.ts';
import { consoleLineClaim, consoleLineStarts, consoleLinesReset, consoleLineWrote } from './console-lines.ts';
import { systemTables, vmEntry } from './system.ts';
import { AREA_READ } from './tables.ts';
import { VcpuContext } from './vcpu-context.ts';
import { portCopyFromGuest } from '../port/memory.ts';
import { portUartPutByte, portUartPutString, portUartTxRoom } from '../port/uart.ts';

const ASCII_OPEN_BRACKET: u8 = 0x5b;
const ASCII_CLOSE_BRACKET: u8 = 0x5d;
const ASCII_SPACE: u8 = 0x20;
const ASCII_TAB: u8 = 0x09;
const ASCII_NEWLINE: u8 = 0x0a;
const ASCII_BACKSLASH: u8 = 0x5c;
const ASCII_TILDE: u8 = 0x7e;
const ASCII_LOWER_X: u8 = 0x78;
const ASCII_ZERO: u8 = 0x30;
const ASCII_LOWER_A: u8 = 0x61;
/** Bytes of an escaped byte: `\xNN`. */
const ESCAPED_BYTES: u32 = 4;

const staging: Uint8Array = new Uint8Array(CONSOLE_CHUNK);

/** Every UART is at the beginning of a line (at `hvInit`). */
export function consoleReset(): void {
  consoleLinesReset();
}

/** Bytes `value` takes on the UART: 1 when written as it is, 2 for a backslash, 4 when escaped. */
export function consoleOutputBytes(value: u8): u32 {
  if (value === ASCII_BACKSLASH) {
    return 2;
  }
  if ((value >= ASCII_SPACE && value <= ASCII_TILDE) || value === ASCII_NEWLINE || value === ASCII_TAB) {
    return 1;
  }
  return ESCAPED_BYTES;
}

function hexDigit(nibble: u32): u8 {
  return nibble < 10 ? u8(ASCII_ZERO + nibble) : u8(ASCII_LOWER_A + u8(nibble - 10));
}

/** Writes `value` as the console shows it (`consoleOutputBytes`). */
function putEscaped(uart: u32, value: u8): void {
  const size = consoleOutputBytes(value);
  if (size === 1) {
    portUartPutByte(uart, value);
    return;
  }
  portUartPutByte(uart, ASCII_BACKSLASH);
  if (size === 2) {
    portUartPutByte(uart, ASCII_BACKSLASH);
    return;
  }
  portUartPutByte(uart, ASCII_LOWER_X);
  portUartPutByte(uart, hexDigit(u32(value >>> 4)));
  portUartPutByte(uart, hexDigit(u32(value & 0xf)));
}

/** `ConsoleWrite`: writes up to `length` bytes at `address` of VM `vm` to its console and returns in
 *  r1 of `ctx` how many it took (all of them unless the UART's transmit ring ran short). */
export function consoleWrite(vm: VmIndex, address: GuestAddress, length: u32, ctx: VcpuContext): HvResult {
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
  const reserve: u32 = prefixed ? CONSOLE_HYPERVISOR_RESERVE : 0;
  let room = portUartTxRoom(uart);
  let done: u32 = 0;
  let full = false;
  while (done < length && !full) {
    let chunk = u32(length - done);
    if (chunk > CONSOLE_CHUNK) {
      chunk = CONSOLE_CHUNK;
    }
    portCopyFromGuest(staging, 0, u32(address + done), chunk);
    let taken: u32 = 0;
    while (taken < chunk) {
      const value = staging[checkIndex(taken, staging.length)];
      const starts = consoleLineStarts(uart, vm);
      const need = u32(consoleOutputBytes(value) + (starts ? CONSOLE_LINE_START_MAX : 0));
      if (room < reserve || u32(room - reserve) < need) {
        full = true;
        break;
      }
      room = u32(room - need);
      if (consoleLineClaim(uart, vm) && prefixed) {
        portUartPutByte(uart, ASCII_OPEN_BRACKET);
        portUartPutString(uart, entry.name);
        portUartPutByte(uart, ASCII_CLOSE_BRACKET);
        portUartPutByte(uart, ASCII_SPACE);
      }
      putEscaped(uart, value);
      consoleLineWrote(uart, vm, value);
      taken = u32(taken + 1);
    }
    done = u32(done + taken);
  }
  ctx.r[1] = done;
  return HvResult.Ok;
}
