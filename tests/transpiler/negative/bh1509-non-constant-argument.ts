// Negative case: a static 'new' with a non-constant argument (BH1509).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Timer {
  period: u32;
  constructor(period: u32) {
    this.period = period;
  }
}

let configured: u32 = 10;

export const timer = new Timer(/*^*/configured); // expect: BH1509
