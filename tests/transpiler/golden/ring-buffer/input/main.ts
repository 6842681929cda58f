// Golden case: a byte ring buffer (class with a typed-array field, masked indexes, a static instance).
import { u8, u32, bool } from '../../../../../transpiler/runtime/index.ts';

const CAPACITY = 16;

export class RingBuffer {
  data: Uint8Array = new Uint8Array(CAPACITY);
  head: u32 = 0;
  tail: u32 = 0;

  isEmpty(): bool {
    return this.head === this.tail;
  }

  push(value: u8): bool {
    if (u32(this.head - this.tail) >= CAPACITY) {
      return false;
    }
    this.data[this.head & 15] = value;
    this.head = u32(this.head + 1);
    return true;
  }

  pop(): u8 {
    if (this.isEmpty()) {
      return 0;
    }
    const value = this.data[this.tail & 15];
    this.tail = u32(this.tail + 1);
    return value;
  }
}

export const rx = new RingBuffer();

export function drain(sink: Uint8Array): u32 {
  let count: u32 = 0;
  for (let i: u32 = 0; i < sink.length; i++) {
    if (rx.isEmpty()) {
      break;
    }
    sink[i] = rx.pop();
    count = u32(count + 1);
  }
  return count;
}
