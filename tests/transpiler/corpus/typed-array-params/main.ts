// Corpus program: typed arrays passed as parameters (pointer plus length in C): reading `.length`,
// filling, copying between arrays of different lengths, reversing in place, and sums over Int32Array
// and Uint16Array arguments of different module arrays.
import { checkIndex, i32, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32 } from '../../support/print.ts';

const small = new Uint16Array(5);
const large = new Uint16Array(12);
const signedValues = new Int32Array(7);

function fill(target: Uint16Array, start: u16, step: u16): void {
  let value = start;
  for (let i: u32 = 0; i < target.length; i++) {
    target[i] = value;
    value = u16(value + step);
  }
}

function copyInto(target: Uint16Array, source: Uint16Array): u32 {
  let count = target.length;
  if (source.length < count) {
    count = source.length;
  }
  for (let i: u32 = 0; i < count; i++) {
    target[checkIndex(i, target.length)] = source[checkIndex(i, source.length)];
  }
  return count;
}

function reverse(values: Int32Array): void {
  if (values.length < 2) {
    return;
  }
  let low: u32 = 0;
  let high = u32(values.length - 1);
  while (low < high) {
    const t = values[checkIndex(low, values.length)];
    values[checkIndex(low, values.length)] = values[checkIndex(high, values.length)];
    values[checkIndex(high, values.length)] = t;
    low = u32(low + 1);
    high = u32(high - 1);
  }
}

function sum16(values: Uint16Array): u32 {
  let total: u32 = 0;
  for (const v of values) {
    total = u32(total + v);
  }
  return total;
}

export function main(): void {
  fill(small, 65530, 3);
  fill(large, 100, 1000);
  printU32('small_len', small.length);
  printU32('sum_small', sum16(small));
  printU32('sum_large', sum16(large));
  printU32('copied', copyInto(large, small));
  printU32('sum_large_after', sum16(large));
  printU32('copied_back', copyInto(small, large));
  for (let i: u32 = 0; i < signedValues.length; i++) {
    signedValues[i] = i32(i32(i) - 3);
  }
  reverse(signedValues);
  for (const v of signedValues) {
    printI32('rev', v);
  }
}
