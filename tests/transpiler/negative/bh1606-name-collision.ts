// Negative case: two names that map to the same C name (BH1606).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function readValue(): u32 {
  return 1;
}

export function /*^*/read_value(): u32 { // expect: BH1606
  return 2;
}
