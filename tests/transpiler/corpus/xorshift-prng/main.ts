// Corpus program: pseudo-random generators in 32-bit arithmetic: Marsaglia xorshift32 (13, 17, 5), a
// linear congruential generator (Numerical Recipes constants, mul + wrap) and a 16-bit Galois LFSR, with
// a histogram of the xorshift outputs' top bits.
import { mul, u16, u32 } from '../../../../transpiler/runtime/index.ts';
import { printHex, printU32 } from '../../support/print.ts';

let xorshiftState: u32 = 1;
let lcgState: u32 = 12345;
let lfsrState: u16 = 0xace1;
const buckets = new Uint32Array(8);

function xorshift32(): u32 {
  let x = xorshiftState;
  x = u32(x ^ u32(x << 13));
  x = u32(x ^ (x >>> 17));
  x = u32(x ^ u32(x << 5));
  xorshiftState = x;
  return x;
}

function lcg(): u32 {
  lcgState = u32(u32(mul(lcgState, 1664525)) + 1013904223);
  return lcgState;
}

function lfsr16(): u16 {
  const lsb = lfsrState & 1;
  lfsrState = lfsrState >>> 1;
  if (lsb !== 0) {
    lfsrState = lfsrState ^ 0xb400;
  }
  return lfsrState;
}

export function main(): void {
  for (let i: u32 = 0; i < 5; i++) {
    printHex('xorshift', xorshift32());
    printHex('lcg', lcg());
    printHex('lfsr', u32(lfsr16()));
  }
  for (let i: u32 = 0; i < 4000; i++) {
    const top = xorshift32() >>> 29;
    buckets[top & 7] = u32(buckets[top & 7] + 1);
  }
  for (const count of buckets) {
    printU32('bucket', count);
  }
  let period: u32 = 0;
  lfsrState = 0xace1;
  do {
    lfsr16();
    period = u32(period + 1);
  } while (lfsrState !== 0xace1 && period < 70000);
  printU32('lfsr_period', period);
}
