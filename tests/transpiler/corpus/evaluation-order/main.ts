// Corpus program: evaluation order of operands with side effects. JavaScript evaluates left to right
// (call arguments, both operands of a binary operator, an element assignment's index before its value,
// a method's receiver before its arguments); C leaves most of these unsequenced, so the generated C
// must fix the order explicitly. A call log in module state records the order on both sides.
import { cstr, i32, mul, u32 } from '../../../../transpiler/runtime/index.ts';
import { printU32, printI32 } from '../../support/print.ts';

let counter: u32 = 0;
let trail: u32 = 0;

/** Returns 1, 2, 3, ... and appends the value to the trail (base 16). */
function next(): u32 {
  counter = u32(counter + 1);
  trail = u32(u32(trail << 4) | (counter & 15));
  return counter;
}

function pair(a: u32, b: u32): u32 {
  return u32(u32(a << 8) | b);
}

function triple(a: u32, b: u32, c: u32): u32 {
  return u32(u32(u32(a << 16) | u32(b << 8)) | c);
}

class Accumulator {
  total: u32 = 0;

  add(a: u32, b: u32): u32 {
    this.total = u32(u32(this.total + u32(a << 4)) + b);
    return this.total;
  }
}

const slots = new Uint32Array(8);
const accumulators: Accumulator[] = [
  new Accumulator(),
  new Accumulator(),
  new Accumulator(),
  new Accumulator(),
];

function report(label: cstr, value: u32): void {
  printU32(label, value);
  printU32('trail', trail);
  trail = 0;
}

export function main(): void {
  report('call_args', pair(next(), next()));
  report('call_three', triple(next(), next(), next()));
  report('nested', pair(next(), pair(next(), next())));
  report('binary_sub', u32(next() - next()));
  report('binary_shift', u32(next() << u32(next() & 7)));
  report('binary_or', u32(next() | u32(next() << 8)));
  report('mul_args', u32(mul(next(), u32(next() + 100))));
  report('compare', next() < next() ? 1 : 0);
  slots[next() & 7] = next();
  report('index_then_value', slots[7]);
  slots[next() & 7] = pair(next(), next());
  report('index_then_call', slots[2]);
  report('method', accumulators[next() & 3].add(next(), next()));
  printI32('signed_args', i32(i32(next()) - i32(next())));
  report('after_signed', 0);
}
