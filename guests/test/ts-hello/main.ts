// ts-hello: test guest written in the TypeScript subset, built with the same SDK as the C guests. It
// prints "ts-hello: vm <index> of <count>" from the Version hypercall, then "ts-hello: slot <n>" for
// its first three slots (yielding after each), writes the last slot number to the sampling port
// `latest` when it is that port's source (alpha in systems/test-two-vms.ts), and returns from `main`,
// which halts the VM.
import { rem, u32, u8 } from '../../../transpiler/runtime/index.ts';
import {
  bhConsoleWrite,
  bhConsoleWriteBytes,
  bhSamplingWrite,
  bhVersion,
  bhYield,
} from '../../sdk/ts/bulkhead.ts';

const SLOTS: u32 = 3;
const ASCII_ZERO: u32 = 0x30;
const ASCII_NEWLINE: u8 = 0x0a;
/** Index of the sampling port `latest` in systems/test-two-vms.ts. */
const LATEST_PORT: u32 = 1;

const versionValues: Uint32Array = new Uint32Array(3);
const line: Uint8Array = new Uint8Array(2);
const message: Uint8Array = new Uint8Array(1);

/** Writes a single decimal digit and, when `newline`, a line end. */
function writeDigit(value: u32, newline: boolean): void {
  line[0] = u8(ASCII_ZERO + rem(value, 10));
  line[1] = ASCII_NEWLINE;
  bhConsoleWriteBytes(line, newline ? 2 : 1);
}

export function main(): void {
  bhVersion(versionValues);
  bhConsoleWrite('ts-hello: vm ');
  writeDigit(versionValues[1], false);
  bhConsoleWrite(' of ');
  writeDigit(versionValues[2], true);
  for (let slot: u32 = 0; slot < SLOTS; slot++) {
    bhConsoleWrite('ts-hello: slot ');
    writeDigit(slot, true);
    message[0] = u8(slot);
    bhSamplingWrite(LATEST_PORT, message, 1);
    bhYield();
  }
  bhConsoleWrite('ts-hello: done\n');
}
