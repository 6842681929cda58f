// Negative case: a conversion that does not accept its argument's type: an enum to f64 (BH1209).
import { f64 } from '../../../transpiler/runtime/index.ts';

enum Gear {
  Park,
  Drive,
}

export function ratio(gear: Gear): f64 {
  return f64(/*^*/gear); // expect: BH1209
}
