// Negative case: optional chaining on a nullable reference (BH1009).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Channel {
  count: u32 = 0;
  reset(): void {
    this.count = 0;
  }
}

let current: Channel | null = null;

export function resetCurrent(): void {
  /*^*/current?.reset(); // expect: BH1009
}
