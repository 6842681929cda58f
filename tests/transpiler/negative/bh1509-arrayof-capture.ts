// Negative case: closures that capture: arrayOf's maker reads a module variable (BH1509).
import { arrayOf, u32 } from '../../../transpiler/runtime/index.ts';

class Slot {
  limit: u32;
  constructor(limit: u32) {
    this.limit = limit;
  }
}

let defaultLimit: u32 = 3;

export const slots = arrayOf(4, (): Slot => new Slot(/*^*/defaultLimit)); // expect: BH1509
