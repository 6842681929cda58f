// Corpus program spanning several modules: a statistics module with its own state and class, a vector
// math module, and this entry module using exported functions, classes, enums and constants of both;
// non-exported helpers with the same TS name in two modules must not clash in C.
import { i32, mul } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32 } from '../../support/print.ts';
import { RunningStats, resetGlobalCount, globalSampleCount, SAMPLE_LIMIT } from './stats.ts';
import { Vec2, dot, scaleInto, Axis, component } from './vector-math.ts';

const temperature = new RunningStats();
const pressure = new RunningStats();
const origin = new Vec2();
const direction = new Vec2();
const scaled = new Vec2();

function helper(x: i32): i32 {
  return i32(x + 1000);
}

export function main(): void {
  for (let i: i32 = 0; i < 12; i++) {
    temperature.add(i32(mul(i, 3) - 10));
    pressure.add(i32(1000 - mul(i, i)));
  }
  printI32('temp_min', temperature.minimum);
  printI32('temp_max', temperature.maximum);
  printI32('temp_mean', temperature.mean());
  printI32('press_mean', pressure.mean());
  printU32('global_count', globalSampleCount());
  printU32('limit', SAMPLE_LIMIT);
  resetGlobalCount();
  printU32('global_after_reset', globalSampleCount());
  origin.x = 3;
  origin.y = -4;
  direction.x = -7;
  direction.y = 11;
  printI32('dot', dot(origin, direction));
  scaleInto(scaled, direction, -3);
  printI32('scaled_x', component(scaled, Axis.X));
  printI32('scaled_y', component(scaled, Axis.Y));
  printI32('helper', helper(5));
}
