// Negative case: an object literal inside a function (BH1508).
import { u32 } from '../../../transpiler/runtime/index.ts';

interface Point {
  readonly x: u32;
  readonly y: u32;
}

export function origin(): u32 {
  const point: Point = /*^*/{ x: 0, y: 0 }; // expect: BH1508
  return point.x;
}
