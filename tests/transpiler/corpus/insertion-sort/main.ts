// Corpus program: in-place insertion sort of signed 16-bit values (signed comparisons, shifting
// elements, checked indices computed from a decreasing position) and a stability check of a key/value
// sort on parallel arrays.
import { bool, checkIndex, i16, i32, mul, u8, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32, printBool } from '../../support/print.ts';

const values = new Int16Array(24);
const keys = new Uint8Array(12);
const tags = new Uint8Array(12);

function sortValues(): u32 {
  let moves: u32 = 0;
  for (let i: u32 = 1; i < values.length; i++) {
    const current = values[i];
    let position = i;
    while (position > 0 && values[checkIndex(u32(position - 1), values.length)] > current) {
      values[checkIndex(position, values.length)] = values[checkIndex(u32(position - 1), values.length)];
      position = u32(position - 1);
      moves = u32(moves + 1);
    }
    values[checkIndex(position, values.length)] = current;
  }
  return moves;
}

function sortKeysStable(): void {
  for (let i: u32 = 1; i < keys.length; i++) {
    const key = keys[i];
    const tag = tags[i];
    let position = i;
    while (position > 0 && keys[checkIndex(u32(position - 1), keys.length)] > key) {
      keys[checkIndex(position, keys.length)] = keys[checkIndex(u32(position - 1), keys.length)];
      tags[checkIndex(position, tags.length)] = tags[checkIndex(u32(position - 1), tags.length)];
      position = u32(position - 1);
    }
    keys[checkIndex(position, keys.length)] = key;
    tags[checkIndex(position, tags.length)] = tag;
  }
}

export function main(): void {
  let seed: i32 = 7;
  for (let i: u32 = 0; i < values.length; i++) {
    seed = i32(mul(seed, 1103515245) + 12345);
    values[i] = i16(seed >> 8);
  }
  values[5] = -32768;
  values[9] = 32767;
  printU32('moves', sortValues());
  let ordered: bool = true;
  for (let i: u32 = 0; i < values.length; i++) {
    printI32('v', values[i]);
    if (i > 0 && values[i] < values[checkIndex(u32(i - 1), values.length)]) {
      ordered = false;
    }
  }
  printBool('ordered', ordered);
  for (let i: u32 = 0; i < keys.length; i++) {
    keys[i] = u8(rem3(i));
    tags[i] = u8(i);
  }
  sortKeysStable();
  for (let i: u32 = 0; i < keys.length; i++) {
    printU32('key', keys[i]);
    printU32('tag', tags[i]);
  }
}

function rem3(x: u32): u32 {
  return (x & 3) ^ 1;
}
