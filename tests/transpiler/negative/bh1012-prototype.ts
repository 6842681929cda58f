// Negative case: prototype tricks: reading a class's 'prototype' (BH1012).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Sensor {
  value: u32 = 0;
}

export function patch(): void {
  const proto = /*^*/Sensor.prototype; // expect: BH1012
  proto.value = 1;
}
