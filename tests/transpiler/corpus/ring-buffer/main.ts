// Corpus program: a byte ring buffer class (typed-array field, masked indices, overflow counting) with two
// independent static instances exercised through fill, drain, wrap-around and overflow.
import { bool, u8, u32 } from '../../../../transpiler/runtime/index.ts';
import { printBool, printU32 } from '../../support/print.ts';

class RingBuffer {
  storage: Uint8Array = new Uint8Array(8);
  head: u32 = 0;
  tail: u32 = 0;
  count: u32 = 0;
  overflows: u32 = 0;
  underflows: u32 = 0;

  push(value: u8): bool {
    if (this.count === this.storage.length) {
      this.overflows = u32(this.overflows + 1);
      return false;
    }
    this.storage[this.head & 7] = value;
    this.head = u32(this.head + 1) & 7;
    this.count = u32(this.count + 1);
    return true;
  }

  pop(): u8 {
    if (this.count === 0) {
      this.underflows = u32(this.underflows + 1);
      return 0;
    }
    const value = this.storage[this.tail & 7];
    this.tail = u32(this.tail + 1) & 7;
    this.count = u32(this.count - 1);
    return value;
  }

  peek(offset: u32): u8 {
    return this.storage[u32(this.tail + offset) & 7];
  }
}

const receive = new RingBuffer();
const transmit = new RingBuffer();

export function main(): void {
  let accepted: u32 = 0;
  for (let i: u32 = 0; i < 11; i++) {
    if (receive.push(u8(mul3(i)))) {
      accepted = u32(accepted + 1);
    }
  }
  printU32('accepted', accepted);
  printU32('overflows', receive.overflows);
  printU32('peek2', receive.peek(2));
  for (let i: u32 = 0; i < 5; i++) {
    const value = receive.pop();
    printU32('pop', value);
    printBool('tx_push', transmit.push(u8(value + 100)));
  }
  for (let i: u32 = 0; i < 4; i++) {
    receive.push(u8(200 + i));
  }
  printU32('count', receive.count);
  printU32('head', receive.head);
  printU32('tail', receive.tail);
  let sum: u32 = 0;
  while (receive.count > 0) {
    sum = u32(sum + receive.pop());
  }
  printU32('drained_sum', sum);
  printU32('pop_empty', receive.pop());
  printU32('underflows', receive.underflows);
  printU32('tx_count', transmit.count);
  printU32('tx_first', transmit.pop());
}

function mul3(x: u32): u32 {
  return u32(u32(x + x) + x);
}
