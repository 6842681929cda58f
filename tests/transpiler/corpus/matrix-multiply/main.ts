// Corpus program: 4x4 integer matrix products in row-major Int32Arrays passed as parameters (checked
// indices: a parameter's length is only known at run time) with wrapping mul/add, identity
// and transpose checks, and a Q8 fixed-point rotation applied repeatedly to a vector.
import { bool, checkIndex, i32, mul, u32 } from '../../../../transpiler/runtime/index.ts';
import { printBool, printI32 } from '../../support/print.ts';

const SIZE: u32 = 4;
const left = new Int32Array(16);
const right = new Int32Array(16);
const product = new Int32Array(16);
const identity = new Int32Array(16);

function multiply(a: Int32Array, b: Int32Array, out: Int32Array): void {
  for (let row: u32 = 0; row < SIZE; row++) {
    for (let col: u32 = 0; col < SIZE; col++) {
      let sum: i32 = 0;
      for (let k: u32 = 0; k < SIZE; k++) {
        sum = i32(
          sum +
            mul(
              a[checkIndex(u32(u32(row << 2) + k), a.length)],
              b[checkIndex(u32(u32(k << 2) + col), b.length)],
            ),
        );
      }
      out[checkIndex(u32(u32(row << 2) + col), out.length)] = sum;
    }
  }
}

export function main(): void {
  for (let i: u32 = 0; i < 16; i++) {
    left[i] = i32(mul(i32(i), 0x01010101) - 0x08080808);
    right[i] = i32(i32(i) - 7);
    identity[i] = (i & 3) === i >>> 2 ? 1 : 0;
  }
  multiply(left, right, product);
  for (const value of product) {
    printI32('p', value);
  }
  multiply(right, identity, product);
  let same: bool = true;
  for (let i: u32 = 0; i < 16; i++) {
    if (product[i] !== right[i]) {
      same = false;
    }
  }
  printBool('identity', same);
  let x: i32 = 256;
  let y: i32 = 0;
  const cosine: i32 = 251;
  const sine: i32 = 50;
  for (let step: u32 = 0; step < 32; step++) {
    const nx = i32(mul(x, cosine) - mul(y, sine)) >> 8;
    const ny = i32(mul(x, sine) + mul(y, cosine)) >> 8;
    x = nx;
    y = ny;
  }
  printI32('rot_x', x);
  printI32('rot_y', y);
}
