// Corpus program: static objects built from elements of a static array of objects (`new Axle(wheels[0],
// wheels[1])`): the references are the array's elements themselves, so a write through one is seen
// through the other; and a checked index reused from a `const` (`const i = checkIndex(k, a.length)`).
import { checkIndex, u32 } from '../../../../transpiler/runtime/index.ts';
import { printU32 } from '../../support/print.ts';

class Wheel {
  speed: u32 = 0;
}

class Axle {
  left: Wheel;
  right: Wheel;
  constructor(left: Wheel, right: Wheel) {
    this.left = left;
    this.right = right;
  }
}

const WHEELS: Wheel[] = [new Wheel(), new Wheel(), new Wheel(), new Wheel()];
const SPARE = new Wheel();
const FRONT = new Axle(WHEELS[0], WHEELS[1]);
const REAR = new Axle(SPARE, WHEELS[3]);

function setSpeed(k: u32, speed: u32): void {
  const i = checkIndex(k, WHEELS.length);
  WHEELS[i].speed = speed;
  printU32('set', WHEELS[i].speed);
}

export function main(): void {
  for (let k: u32 = 0; k < 4; k++) setSpeed(k, u32(100 + k));
  FRONT.left.speed = u32(FRONT.left.speed + 7);
  REAR.left.speed = 55;
  printU32('front_left', FRONT.left.speed);
  printU32('wheel0', WHEELS[0].speed);
  printU32('front_right', FRONT.right.speed);
  printU32('rear_left', REAR.left.speed);
  printU32('spare', SPARE.speed);
  printU32('rear_right', REAR.right.speed);
  setSpeed(9, 1);
}
