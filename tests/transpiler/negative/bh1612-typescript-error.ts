// Negative case: a TypeScript type error is reported as BH1612.
import { u32 } from '../../../transpiler/runtime/index.ts';

export function wrong(): u32 {
  const /*^*/value: u32 = 'seven'; // expect: BH1612
  return value;
}
