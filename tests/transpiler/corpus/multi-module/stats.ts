// Helper module of the multi-module corpus program: running statistics with module-level state shared by
// every instance.
import { div, i32, u32 } from '../../../../transpiler/runtime/index.ts';

export const SAMPLE_LIMIT: u32 = 1000;
let samplesSeen: u32 = 0;

function helper(x: u32): u32 {
  return u32(x + 1);
}

export class RunningStats {
  count: u32 = 0;
  sum: i32 = 0;
  minimum: i32 = 2147483647;
  maximum: i32 = -2147483648;

  add(value: i32): void {
    this.count = u32(this.count + 1);
    this.sum = i32(this.sum + value);
    if (value < this.minimum) {
      this.minimum = value;
    }
    if (value > this.maximum) {
      this.maximum = value;
    }
    samplesSeen = helper(samplesSeen);
  }

  mean(): i32 {
    return div(this.sum, i32(this.count));
  }
}

export function globalSampleCount(): u32 {
  return samplesSeen;
}

export function resetGlobalCount(): void {
  samplesSeen = 0;
}
