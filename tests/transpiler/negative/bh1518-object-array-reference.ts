// Negative case: an array of objects with a reference to another static object among its elements
// (BH1518): the array embeds its objects, so the reference would be a copy in C.
import { u32 } from '../../../transpiler/runtime/index.ts';

class Wheel {
  speed: u32 = 0;
}

const spare = new Wheel();
export const WHEELS: Wheel[] = [/*^*/spare, new Wheel()]; // expect: BH1518

export function front(): u32 {
  return WHEELS[1].speed;
}
