// Negative case: a Map created without a type annotation gets the collection's own code (BH1507),
// not the follow-on ones of the declaration.
import { u32 } from '../../../transpiler/runtime/index.ts';

const table = /*^*/new Map<u32, u32>(); // expect: BH1507

export function size(): u32 {
  return 0;
}
