// Negative case: prototype tricks: Object.setPrototypeOf (BH1604).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Sensor {
  value: u32 = 0;
}

const sensor = new Sensor();

export function detach(): void {
  /*^*/Object.setPrototypeOf(sensor, null); // expect: BH1604
}
