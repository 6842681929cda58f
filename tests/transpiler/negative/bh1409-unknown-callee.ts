// Negative case: calling a method that is not part of the subset: Object.prototype.toString (BH1409).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Probe {
  level: u32 = 0;
}

const probe = new Probe();

export function describe(): void {
  /*^*/probe.toString(); // expect: BH1409
}
