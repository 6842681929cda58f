// Code-quality kernel: a 256-byte ring buffer of bytes with 8-bit head and tail indices (they wrap by
// themselves, so every index is in range), a fill count, and push/pop that refuse when full/empty.
// The hand-written C twin is ring-buffer.c.
import { bool, i32, u8, u32 } from '../../../transpiler/runtime/index.ts';

export class RingBuffer {
  storage: Uint8Array = new Uint8Array(256);
  head: u8 = 0;
  tail: u8 = 0;
  count: u32 = 0;

  /** Appends `value`; false when the buffer is full. */
  push(value: u8): bool {
    if (this.count === this.storage.length) {
      return false;
    }
    this.storage[this.head] = value;
    this.head = u8(this.head + 1);
    this.count = u32(this.count + 1);
    return true;
  }

  /** Removes and returns the oldest byte, or -1 when the buffer is empty. */
  pop(): i32 {
    if (this.count === 0) {
      return -1;
    }
    const value = this.storage[this.tail];
    this.tail = u8(this.tail + 1);
    this.count = u32(this.count - 1);
    return value;
  }
}

/** The buffer the benchmark drives. */
export const ring = new RingBuffer();
