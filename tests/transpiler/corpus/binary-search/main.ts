// Corpus program: binary search over a sorted const table (lower-bound form with unsigned midpoints that
// cannot overflow), hits, misses, values below and above the range, and a count of probes.
import { checkIndex, i32, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32 } from '../../support/print.ts';

const SORTED_IDS: readonly u32[] = [
  2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946, 0x7fffffff,
  0x80000000, 0xfffffffe,
] as const;
const QUERIES: readonly u32[] = [
  0, 2, 4, 13, 14, 987, 10946, 10947, 0x7fffffff, 0x80000001, 0xfffffffe, 0xffffffff,
] as const;

let probes: u32 = 0;

function lowerBound(target: u32): u32 {
  let low: u32 = 0;
  let high: u32 = SORTED_IDS.length;
  while (low < high) {
    const middle = u32(low + (u32(high - low) >>> 1));
    probes = u32(probes + 1);
    if (SORTED_IDS[checkIndex(middle, SORTED_IDS.length)] < target) {
      low = u32(middle + 1);
    } else {
      high = middle;
    }
  }
  return low;
}

function indexOf(target: u32): i32 {
  const position = lowerBound(target);
  if (position < SORTED_IDS.length && SORTED_IDS[checkIndex(position, SORTED_IDS.length)] === target) {
    return i32(position);
  }
  return -1;
}

export function main(): void {
  for (const query of QUERIES) {
    printI32('index', indexOf(query));
    printU32('lower_bound', lowerBound(query));
  }
  printU32('probes', probes);
}
