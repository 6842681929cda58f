// Negative case: 'number' instead of a sized subset type (BH1103).
import { u32 } from '../../../transpiler/runtime/index.ts';

export function twice(value: /*^*/number): u32 { // expect: BH1103
  return u32(value + value);
}
