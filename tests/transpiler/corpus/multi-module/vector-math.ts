// Helper module of the multi-module corpus program: integer 2-D vectors, an enum selecting an axis and
// functions taking class references.
import { i32, mul } from '../../../../transpiler/runtime/index.ts';

export enum Axis {
  X,
  Y,
}

export class Vec2 {
  x: i32 = 0;
  y: i32 = 0;
}

export function dot(a: Vec2, b: Vec2): i32 {
  return i32(mul(a.x, b.x) + mul(a.y, b.y));
}

export function scaleInto(target: Vec2, source: Vec2, factor: i32): void {
  target.x = mul(source.x, factor);
  target.y = mul(source.y, factor);
}

export function component(v: Vec2, axis: Axis): i32 {
  return axis === Axis.X ? v.x : v.y;
}
