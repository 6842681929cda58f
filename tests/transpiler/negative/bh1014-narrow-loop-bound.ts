// Negative case: a u8 loop variable counted up to a u16 bound: JavaScript counts past 255 while C's
// uint8_t wraps (and never ends), so `t++` needs a bound within the variable's type (BH1014).
import { u16, u32, u8 } from '../../../transpiler/runtime/index.ts';

export function count(n: u16): u32 {
  let trips: u32 = 0;
  for (let t: u8 = 0; t < n; /*^*/t++) trips = u32(trips + 1); // expect: BH1014
  return trips;
}
