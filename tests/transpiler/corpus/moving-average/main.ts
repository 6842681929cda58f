// Corpus program: a moving-average filter class over an Int32Array window (running sum, oldest sample
// replaced, warm-up count), an exponential filter in Q16, and a median-of-three spike filter.
import { div, i32, mul, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32 } from '../../support/print.ts';

class MovingAverage {
  window: Int32Array = new Int32Array(8);
  next: u32 = 0;
  filled: u32 = 0;
  sum: i32 = 0;

  add(sample: i32): i32 {
    this.sum = i32(this.sum - this.window[this.next & 7]);
    this.window[this.next & 7] = sample;
    this.sum = i32(this.sum + sample);
    this.next = u32(this.next + 1) & 7;
    if (this.filled < this.window.length) {
      this.filled = u32(this.filled + 1);
    }
    return div(this.sum, i32(this.filled));
  }
}

class ExponentialFilter {
  state: i32 = 0;
  alpha: i32 = 13107;

  add(sample: i32): i32 {
    const delta = i32(sample - this.state);
    this.state = i32(this.state + (mul(delta, this.alpha) >> 16));
    return this.state;
  }
}

function median3(a: i32, b: i32, c: i32): i32 {
  if (a > b) {
    return b > c ? b : a > c ? c : a;
  }
  return a > c ? a : b > c ? c : b;
}

const average = new MovingAverage();
const smoother = new ExponentialFilter();

export function main(): void {
  let previous: i32 = 0;
  let beforePrevious: i32 = 0;
  for (let t: i32 = 0; t < 40; t++) {
    let sample = i32(mul(t, 37) & 255);
    if (t === 17) {
      sample = 30000;
    }
    if (t === 25) {
      sample = -30000;
    }
    printI32('avg', average.add(sample));
    printI32('ema', smoother.add(sample));
    printI32('median', median3(beforePrevious, previous, sample));
    beforePrevious = previous;
    previous = sample;
  }
}
