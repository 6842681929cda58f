// Corpus program: Euclid's gcd with rem (iterative: no recursion in the subset), binary (Stein's) gcd
// with shifts, lcm with div and mul, and their agreement on a grid of operands including 0 and 2^32-1.
import { bool, div, mul, rem, u32 } from '../../../../transpiler/runtime/index.ts';
import { printBool, printU32 } from '../../support/print.ts';

const OPERANDS: readonly u32[] = [
  0, 1, 6, 35, 64, 462, 1071, 65536, 1000000007, 0xfffffffe, 0xffffffff,
] as const;

function gcdEuclid(a: u32, b: u32): u32 {
  let x = a;
  let y = b;
  while (y !== 0) {
    const t = rem(x, y);
    x = y;
    y = t;
  }
  return x;
}

function gcdBinary(a: u32, b: u32): u32 {
  if (a === 0) {
    return b;
  }
  if (b === 0) {
    return a;
  }
  let x = a;
  let y = b;
  let shift: u32 = 0;
  while ((u32(x | y) & 1) === 0) {
    x = x >>> 1;
    y = y >>> 1;
    shift = u32(shift + 1);
  }
  while ((x & 1) === 0) {
    x = x >>> 1;
  }
  while (y !== 0) {
    while ((y & 1) === 0) {
      y = y >>> 1;
    }
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    y = u32(y - x);
  }
  return u32(x << shift);
}

function lcmWrapped(a: u32, b: u32): u32 {
  const g = gcdEuclid(a, b);
  if (g === 0) {
    return 0;
  }
  return u32(mul(div(a, g), b));
}

export function main(): void {
  let agree: bool = true;
  for (const a of OPERANDS) {
    for (const b of OPERANDS) {
      const g = gcdEuclid(a, b);
      printU32('gcd', g);
      printU32('lcm', lcmWrapped(a, b));
      if (g !== gcdBinary(a, b)) {
        agree = false;
      }
    }
  }
  printBool('binary_agrees', agree);
}
