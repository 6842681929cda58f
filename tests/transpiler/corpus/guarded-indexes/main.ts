// Corpus program: indexes proven by an enclosing `if` that compares them against the array length or a
// constant (`i < t.length`, `i <= LAST`, `LIMIT > i`, one operand of `&&`), read directly and through
// checkIndex, for every value from 0 past the end; values outside the guard take the other branch. The
// last read is a checked index that fails (same line and exit code in Node and C).
import { checkIndex, u32, u8 } from '../../../../transpiler/runtime/index.ts';
import { printStr, printU32 } from '../../support/print.ts';

const LAST = 5;
const table = new Uint8Array([11, 22, 33, 44, 55, 66]);
const weights = new Uint32Array(4);

function read(i: u32): u32 {
  if (i < table.length) {
    return table[i];
  }
  return 1000;
}

function readInclusive(i: u32, flag: u32): u32 {
  if (flag !== 0 && i <= LAST) {
    return u32(table[checkIndex(i, table.length)] + flag);
  }
  if (4 > i) {
    weights[i] = u32(weights[checkIndex(i, weights.length)] + i + 1);
    return weights[i];
  }
  return 2000;
}

export function main(): void {
  for (let i: u32 = 0; i < 9; i++) {
    printU32('read', read(i));
    printU32('inclusive', readInclusive(i, u32(i & 1)));
  }
  let sum: u32 = 0;
  for (let i: u32 = 0; i < 4; i++) sum = u32(sum + weights[i]);
  printU32('weights', sum);
  let index: u32 = u8(table.length + 1);
  if (index < 200) {
    printStr('reading past the end');
    printU32('never', table[checkIndex(index, table.length)]);
  }
}
