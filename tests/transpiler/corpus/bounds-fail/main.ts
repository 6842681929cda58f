// Corpus program: an explicit checkIndex that fails at run time. Output before the failure is printed,
// then Node throws BoundsError and C calls bh_bounds_fail(); the test port prints the same line on both
// sides and nothing after the failure may run.
import { checkIndex, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printStr, printU32 } from '../../support/print.ts';

const table = new Uint16Array(6);

function fill(): void {
  for (let i: u32 = 0; i < table.length; i++) {
    table[i] = u16Of(u32(i + 100));
  }
}

function u16Of(value: u32): u16 {
  return u16(value);
}

function readAt(index: u32): u32 {
  return table[checkIndex(index, table.length)];
}

export function main(): void {
  fill();
  let index: u32 = 0;
  while (index < 100) {
    printU32('value', readAt(index));
    index = u32(index + 2);
  }
  printStr('unreachable');
}
