// Negative case: a conversion of a value that is not a number (BH1209).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Box {
  size: u32 = 0;
}

const box = new Box();

export function sizeOf(): u32 {
  return u32(/*^*/box as unknown as u32); // expect: BH1209
}
