// Corpus program: module-level state in static storage: counters and flags updated across calls,
// zero-initialised and constant-initialised variables, module typed arrays keeping values between
// calls, and module constants used as bounds.
import { bool, i16, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printBool, printI32, printU32 } from '../../support/print.ts';

const HISTORY_DEPTH: u32 = 4;
let ticks: u32 = 0;
let lastValue: i16 = -1;
let initialised: bool = false;
let sequence: u16 = 65530;
const history = new Int16Array(4);
let historyWrite: u32 = 0;

function initialise(): void {
  if (initialised) {
    return;
  }
  initialised = true;
  for (let i: u32 = 0; i < HISTORY_DEPTH; i++) {
    history[i] = -100;
  }
}

function record(value: i16): u16 {
  initialise();
  ticks = u32(ticks + 1);
  lastValue = value;
  history[historyWrite & 3] = value;
  historyWrite = u32(historyWrite + 1);
  sequence = u16(sequence + 1);
  return sequence;
}

export function main(): void {
  printU32('ticks0', ticks);
  printI32('last0', lastValue);
  printBool('init0', initialised);
  printU32('seq0', sequence);
  for (let i: u32 = 0; i < 9; i++) {
    const seq = record(i16(mixed(i)));
    printU32('seq', seq);
  }
  printU32('ticks', ticks);
  printI32('last', lastValue);
  for (const h of history) {
    printI32('history', h);
  }
}

function mixed(i: u32): u32 {
  return u32(u32(i << 13) + 7);
}
