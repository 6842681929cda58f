// Corpus program: loops with break and continue: for loops counting up and down, nested loops with an
// inner break, while with continue, do-while running at least once, a loop with an early return, and
// for-of over a const table.
import { checkIndex, i32, u8, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32 } from '../../support/print.ts';

const PRIMES_BELOW: u32 = 60;
const sieve = new Uint8Array(60);
const STEPS: readonly i32[] = [3, -1, 4, -1, -5, 9, 2, -6, 5, 3] as const;

function firstIndexAbove(limit: i32): i32 {
  let index: i32 = 0;
  for (const step of STEPS) {
    if (step > limit) {
      return index;
    }
    index = i32(index + 1);
  }
  return -1;
}

export function main(): void {
  for (let n: u32 = 2; n < PRIMES_BELOW; n++) {
    if (sieve[n] !== 0) {
      continue;
    }
    printU32('prime', n);
    let multiple = u32(n + n);
    while (multiple < PRIMES_BELOW) {
      sieve[checkIndex(multiple, sieve.length)] = 1;
      multiple = u32(multiple + n);
    }
  }
  let pairs: u32 = 0;
  for (let a: u32 = 1; a < 20; a++) {
    for (let b: u32 = a; b < 20; b++) {
      if (u32(a + b) > 21) {
        break;
      }
      if (((a ^ b) & 1) === 0) {
        continue;
      }
      pairs = u32(pairs + 1);
    }
  }
  printU32('odd_sum_pairs', pairs);
  let countdown: u32 = 0;
  for (let k: u32 = 10; k > 0; k--) {
    countdown = k;
    if (k === 4) {
      break;
    }
  }
  printU32('countdown_stop', countdown);
  let runs: u32 = 0;
  do {
    runs = u32(runs + 1);
  } while (runs > 100);
  printU32('do_runs', runs);
  let total: i32 = 0;
  let skipped: u32 = 0;
  let position: u32 = 0;
  while (true) {
    if (position >= STEPS.length) {
      break;
    }
    const step = STEPS[checkIndex(position, STEPS.length)];
    position = u32(position + 1);
    if (step < 0) {
      skipped = u32(skipped + 1);
      continue;
    }
    total = i32(total + step);
  }
  printI32('positive_total', total);
  printU32('skipped', skipped);
  printI32('first_above4', firstIndexAbove(4));
  printI32('first_above9', firstIndexAbove(9));
  let wrapped: u8 = 250;
  let iterations: u32 = 0;
  while (wrapped !== 4) {
    wrapped = u8(wrapped + 1);
    iterations = u32(iterations + 1);
  }
  printU32('u8_wrap_iterations', iterations);
}
